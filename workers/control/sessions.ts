/**
 * Login sessions. The cookie carries a random token; only its SHA-256 is stored, so a leaked table
 * cannot be replayed. Cookies are HttpOnly, SameSite=Lax, and Secure whenever Faultline is served
 * over HTTPS.
 */
import { and, eq, gt, lte } from "drizzle-orm";
import { sessions, users } from "../../schema/control";
import { randomHex, sha256Hex } from "../lib/crypto";
import type { ControlDb } from "../lib/db";

export const SESSION_COOKIE = "faultline_session";
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export async function createSession(db: ControlDb, userId: number, now = new Date()): Promise<string> {
	const token = randomHex(32);
	await db.insert(sessions).values({
		hashedToken: await sha256Hex(token),
		userId,
		createdAt: now,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
	});
	return token;
}

/** The active user of a live session, or undefined. */
export async function sessionUser(db: ControlDb, token: string, now = new Date()) {
	if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
	const [row] = await db
		.select({ user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.hashedToken, await sha256Hex(token)), gt(sessions.expiresAt, now), eq(users.isActive, true)))
		.limit(1);
	return row?.user;
}

export async function deleteSession(db: ControlDb, token: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.hashedToken, await sha256Hex(token)));
}

/** For the cron: sessions past their expiry, which no cookie can use any more. */
export function deleteExpiredSessions(db: ControlDb, now = new Date()) {
	return db.delete(sessions).where(lte(sessions.expiresAt, now));
}
