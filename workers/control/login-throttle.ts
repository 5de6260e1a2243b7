/**
 * Login throttling per IP address and per account: too many failures in a fixed window lock the
 * key until the window ends. The answer is the same whether the account exists or not.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { loginThrottle } from "../../schema/control";
import type { ControlDb } from "../lib/db";

export const THROTTLE_WINDOW_MS = 5 * 60 * 1000;
export const MAX_FAILURES = { account: 5, ip: 20 } as const;

export type ThrottleKey = `account:${string}` | `ip:${string}`;

export const throttleKeys = (email: string, ip: string | undefined): ThrottleKey[] => [
	`account:${email.toLowerCase()}`,
	...(ip ? [`ip:${ip}` as const] : []),
];

const limitOf = (key: ThrottleKey) => (key.startsWith("account:") ? MAX_FAILURES.account : MAX_FAILURES.ip);

/** Pure: is a key with this record locked at `now`? */
export function isLocked(
	key: ThrottleKey,
	record: { windowStart: Date; failures: number } | undefined,
	now: Date,
): boolean {
	if (!record || now.getTime() - record.windowStart.getTime() >= THROTTLE_WINDOW_MS) return false;
	return record.failures >= limitOf(key);
}

export async function isThrottled(db: ControlDb, keys: ThrottleKey[], now = new Date()): Promise<boolean> {
	const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
	return rows.some((row) => isLocked(row.key as ThrottleKey, row, now));
}

/** Counts a failure for each key; a window that has ended starts again at one. */
export async function recordFailure(db: ControlDb, keys: ThrottleKey[], now = new Date()): Promise<void> {
	const expired = now.getTime() - THROTTLE_WINDOW_MS;
	const upsert = (key: ThrottleKey) =>
		db
			.insert(loginThrottle)
			.values({ key, windowStart: now, failures: 1 })
			.onConflictDoUpdate({
				target: loginThrottle.key,
				set: {
					failures: sql`case when ${loginThrottle.windowStart} <= ${expired} then 1 else ${loginThrottle.failures} + 1 end`,
					windowStart: sql`case when ${loginThrottle.windowStart} <= ${expired} then ${now.getTime()} else ${loginThrottle.windowStart} end`,
				},
			});
	const [first, ...rest] = keys.map(upsert);
	if (first) await db.batch([first, ...rest]);
}

export async function clearFailures(db: ControlDb, key: ThrottleKey): Promise<void> {
	await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
