/**
 * Checking a login. The attempt is counted before the password is checked (parallel guesses cannot
 * outrun the throttle), and unknown accounts cost the same PBKDF2 work as known ones: no user
 * enumeration.
 */
import { verifyPassword } from "../lib/crypto";
import type { ControlDb } from "../lib/db";
import { releaseAttempt, reserveAttempt, throttleKeys } from "./login-throttle";
import { findUserByEmail } from "./users";

// A valid hash of a random password, verified against when the account does not exist.
const DECOY_HASH =
	"pbkdf2_sha256$100000$5f0d2c0e7a1b4c3d9e8f7a6b5c4d3e2f$0000000000000000000000000000000000000000000000000000000000000000";

export type LoginResult =
	| { ok: true; user: NonNullable<Awaited<ReturnType<typeof findUserByEmail>>> }
	| { ok: false; reason: "invalid" | "throttled" };

export async function attemptLogin(
	db: ControlDb,
	credentials: { email: string; password: string; ip: string | undefined },
	now = new Date(),
): Promise<LoginResult> {
	const keys = throttleKeys(credentials.email, credentials.ip);
	if (!(await reserveAttempt(db, keys, now))) {
		return { ok: false, reason: "throttled" };
	}
	const user = await findUserByEmail(db, credentials.email);
	const passwordMatches = await verifyPassword(credentials.password, user?.passwordHash ?? DECOY_HASH);
	if (!user?.isActive || !passwordMatches) return { ok: false, reason: "invalid" };
	await releaseAttempt(db, keys);
	return { ok: true, user };
}
