/**
 * User API tokens (`Authorization: Bearer sntryu_…`). Only the SHA-256 of a token is stored; the
 * token itself is shown once, when it is made.
 */
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { apiTokens, controlOutbox, organizationMemberMappings, users } from "../../schema/control";
import { randomHex, sha256Hex } from "../lib/crypto";
import type { ControlDb } from "../lib/db";
import { ALL_SCOPES, type Role, type Scope, scopesOfRoles } from "../lib/scopes";
import {
	regionsHoldingTokensOf,
	regionsOfUser,
	tokenReplicaRegionRows,
	tokenReplicaRows,
	tokenRevocationRows,
} from "./replication";

/**
 * The scopes a user's new token may carry: what the user's roles grant (all for a superuser). A user
 * without organizations yet may ask for an owner's scopes: the first organization they make, they own.
 */
export async function scopesUserMayHave(db: ControlDb, user: { id: number; isSuperuser: boolean }): Promise<Scope[]> {
	if (user.isSuperuser) return [...ALL_SCOPES];
	const memberships = await db
		.select({ role: organizationMemberMappings.role })
		.from(organizationMemberMappings)
		.where(eq(organizationMemberMappings.userId, user.id));
	const roles: Role[] = memberships.length ? memberships.map((row) => row.role) : ["owner"];
	return scopesOfRoles(roles);
}

const TOKEN_PATTERN = /^sntryu_[0-9a-f]{64}$/;

export const newTokenValue = () => `sntryu_${randomHex(32)}`;

/**
 * Stores a token for the user, with every scope unless told otherwise (the user's roles narrow it in
 * each organization); `token` may be given to make the call idempotent (bootstrap).
 */
export async function createApiToken(
	db: ControlDb,
	userId: number,
	options: { name?: string; scopes?: string[]; token?: string } = {},
) {
	const token = options.token ?? newTokenValue();
	if (!TOKEN_PATTERN.test(token)) throw new Error("malformed API token");
	const row = {
		userId,
		name: options.name ?? "",
		hashedToken: await sha256Hex(token),
		tokenLastCharacters: token.slice(-4),
		scopes: options.scopes ?? [...ALL_SCOPES],
		expiresAt: null,
	};
	const regions = await regionsOfUser(db, userId);
	const replicas = tokenReplicaRows(row, regions).map((outbox) => db.insert(controlOutbox).values(outbox));
	await db.batch([
		db.insert(apiTokens).values(row).onConflictDoNothing({ target: apiTokens.hashedToken }),
		...tokenReplicaRegionRows(db, userId, regions),
		...replicas,
	]);
	return token;
}

export function listApiTokens(db: ControlDb, userId: number) {
	return db.query.apiTokens.findMany({ where: eq(apiTokens.userId, userId), orderBy: (t, { asc }) => asc(t.id) });
}

export function findApiToken(db: ControlDb, token: string) {
	return sha256Hex(token).then((hashedToken) =>
		db.query.apiTokens.findFirst({ where: eq(apiTokens.hashedToken, hashedToken) }),
	);
}

/**
 * Revokes one of the user's tokens, in control and (through the outbox) in every region that was
 * ever sent it, member there now or not; false when there is no such token.
 */
export async function revokeApiToken(db: ControlDb, userId: number, tokenId: number): Promise<boolean> {
	const token = await db.query.apiTokens.findFirst({
		where: and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)),
	});
	if (!token) return false;
	const revocations = tokenRevocationRows(token, await regionsHoldingTokensOf(db, userId)).map((row) =>
		db.insert(controlOutbox).values(row),
	);
	await db.batch([db.delete(apiTokens).where(eq(apiTokens.id, token.id)), ...revocations]);
	return true;
}

/** The active user and scopes behind a bearer token, or undefined for an unknown/expired one. */
export async function authenticateToken(db: ControlDb, token: string, now = new Date()) {
	if (!TOKEN_PATTERN.test(token)) return undefined;
	const [row] = await db
		.select({ user: users, scopes: apiTokens.scopes, tokenId: apiTokens.id })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(
			and(
				eq(apiTokens.hashedToken, await sha256Hex(token)),
				eq(users.isActive, true),
				or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
			),
		)
		.limit(1);
	return row;
}
