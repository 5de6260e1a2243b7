/**
 * Login throttling per IP address and per account: too many attempts in a fixed window lock the
 * key until the window ends. An attempt is counted before its password is checked, in one atomic
 * statement per key, so parallel guesses cannot all slip through while PBKDF2 runs; a successful
 * login gives its attempt back. The answer is the same whether the account exists or not.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { loginThrottle } from "../../schema/control";
import type { ControlDb } from "../lib/db";

export const THROTTLE_WINDOW_MS = 5 * 60 * 1000;
export const MAX_FAILURES = { account: 5, ip: 20 } as const;

export type ThrottleKey = `account:${string}` | `ip:${string}`;

export interface ThrottleKeys {
	account: ThrottleKey;
	ip: ThrottleKey | undefined;
}

export const throttleKeys = (email: string, ip: string | undefined): ThrottleKeys => ({
	account: `account:${email.toLowerCase()}`,
	ip: ip ? `ip:${ip}` : undefined,
});

const limitOf = (key: ThrottleKey) => (key.startsWith("account:") ? MAX_FAILURES.account : MAX_FAILURES.ip);

/** Pure: may the attempt that brought a key's count in this window to `attempts` go ahead? */
export const withinLimit = (key: ThrottleKey, attempts: number) => attempts <= limitOf(key);

/**
 * Counts an attempt for each key (a window that has ended starts again at one) and tells whether it
 * may go ahead: false when any key is over its limit.
 */
export async function reserveAttempt(db: ControlDb, keys: ThrottleKeys, now = new Date()): Promise<boolean> {
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
			})
			.returning({ key: loginThrottle.key, attempts: loginThrottle.failures });
	const counted = (await db.batch([upsert(keys.account), ...(keys.ip ? [upsert(keys.ip)] : [])])).flat();
	return counted.every((row) => withinLimit(row.key as ThrottleKey, row.attempts));
}

/** After a successful login: the account starts afresh, and the address gets its attempt back. */
export async function releaseAttempt(db: ControlDb, keys: ThrottleKeys) {
	const ipKey = keys.ip;
	await db.batch([
		db.delete(loginThrottle).where(eq(loginThrottle.key, keys.account)),
		...(ipKey
			? [
					db
						.update(loginThrottle)
						.set({ failures: sql`${loginThrottle.failures} - 1` })
						.where(and(eq(loginThrottle.key, ipKey), gt(loginThrottle.failures, 0))),
				]
			: []),
	]);
}
