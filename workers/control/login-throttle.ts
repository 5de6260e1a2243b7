/**
 * Login throttling per (account, client address) and per address, with back-off. Failures are
 * counted per key; from the limit on, each further attempt first waits for a lock that doubles
 * (1 minute, 2, 4 … at most an hour). Because the account's key includes the address, guesses
 * from elsewhere never lock the owner out at their own address; an address that tries many
 * accounts is throttled by its own key. An attempt is counted before its password is checked, in
 * one atomic upsert per key that does nothing while the key is locked (so parallel guesses cannot
 * slip through while PBKDF2 runs); a successful login clears its account's key and gives its
 * attempt back to the address. The answer is the same whether the account exists or not.
 */
import { and, eq, gt, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { loginThrottle } from "../../schema/control";
import type { ControlDb } from "../lib/db";

export const MAX_FAILURES = { account: 5, ip: 20 } as const;
/** Failures are forgotten a day after the first of them (and their row deleted by the cron). */
export const THROTTLE_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_LOCK_MS = 60 * 1000;
const LONGEST_LOCK_MS = 60 * 60 * 1000;

export type ThrottleKey = `account-ip:${string}` | `ip:${string}`;

export interface ThrottleKeys {
	account: ThrottleKey;
	ip: ThrottleKey;
}

/** An unknown address (not on Cloudflare, no trusted proxy: lib/client-ip.ts) shares one key. */
export const throttleKeys = (email: string, ip: string | undefined): ThrottleKeys => ({
	account: `account-ip:${ip ?? "unknown"}|${email.toLowerCase()}`,
	ip: `ip:${ip ?? "unknown"}`,
});

const limitOf = (key: ThrottleKey) => (key.startsWith("ip:") ? MAX_FAILURES.ip : MAX_FAILURES.account);

/** Until when a key is locked after its `failures`-th failure: none below the limit, then 1 minute doubling up to an hour. */
const lockSql = (key: ThrottleKey, failures: SQL, now: number) => {
	const over = sql`(${failures}) - ${limitOf(key)}`;
	// 2^over by shifting, capped before it could overflow.
	return sql`case when ${over} < 0 then null else ${now} + min(${LONGEST_LOCK_MS}, ${FIRST_LOCK_MS} * (1 << min(${over}, 16))) end`;
};

/**
 * Counts an attempt for each key and tells whether it may go ahead: false when any key is locked.
 * A locked key's row is left as it is (the upsert's condition fails, so it returns nothing).
 */
export async function reserveAttempt(db: ControlDb, keys: ThrottleKeys, now = new Date()): Promise<boolean> {
	const at = now.getTime();
	const windowOver = sql`${loginThrottle.windowStart} <= ${at - THROTTLE_WINDOW_MS}`;
	const failures = sql`case when ${windowOver} then 1 else ${loginThrottle.failures} + 1 end`;
	const upsert = (key: ThrottleKey) =>
		db
			.insert(loginThrottle)
			// A first failure never locks (both limits are above one).
			.values({ key, windowStart: now, failures: 1, lockedUntil: null })
			.onConflictDoUpdate({
				target: loginThrottle.key,
				set: {
					failures,
					windowStart: sql`case when ${windowOver} then ${at} else ${loginThrottle.windowStart} end`,
					lockedUntil: lockSql(key, failures, at),
				},
				setWhere: or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now)),
			})
			.returning({ key: loginThrottle.key });
	const counted = (await db.batch([upsert(keys.account), upsert(keys.ip)])).flat();
	return counted.length === 2;
}

/** After a successful login: the account starts afresh at this address, and the address gets its attempt back. */
export async function releaseAttempt(db: ControlDb, keys: ThrottleKeys) {
	await db.batch([
		db.delete(loginThrottle).where(eq(loginThrottle.key, keys.account)),
		db
			.update(loginThrottle)
			.set({ failures: sql`${loginThrottle.failures} - 1` })
			.where(and(eq(loginThrottle.key, keys.ip), gt(loginThrottle.failures, 0))),
	]);
}

/** For the cron: keys whose window is over and that are not locked any more. */
export function deleteStaleThrottles(db: ControlDb, now = new Date()) {
	return db
		.delete(loginThrottle)
		.where(
			and(
				lte(loginThrottle.windowStart, new Date(now.getTime() - THROTTLE_WINDOW_MS)),
				or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now)),
			),
		);
}
