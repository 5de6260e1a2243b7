/**
 * The region's copies of control data (token hashes, memberships, deactivated users), written by the
 * control outbox and read to authenticate API calls that reach the region directly
 * (`<region>.<domain>/api/0/…`).
 */
import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { apiTokenReplicas, organizationMemberReplicas, userReplicas } from "../../../schema/region";
import { sha256Hex } from "../../lib/crypto";
import type { RegionDb } from "../../lib/db";
import {
	MemberRemovalPayload,
	MemberReplicaPayload,
	TokenReplicaPayload,
	TokenRevocationPayload,
	UserStatePayload,
} from "../../lib/rpc/services";
import type { Role } from "../../lib/scopes";

export async function applyReplica(
	db: RegionDb,
	category: "apitoken.upsert" | "apitoken.delete" | "member.upsert" | "member.delete" | "user.update",
	payload: unknown,
) {
	switch (category) {
		case "apitoken.upsert": {
			const token = TokenReplicaPayload.parse(payload);
			const row = { ...token, expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt) };
			await db
				.insert(apiTokenReplicas)
				.values(row)
				.onConflictDoUpdate({ target: apiTokenReplicas.hashedToken, set: row });
			return;
		}
		case "apitoken.delete":
			await db
				.delete(apiTokenReplicas)
				.where(eq(apiTokenReplicas.hashedToken, TokenRevocationPayload.parse(payload).hashedToken));
			return;
		case "member.upsert": {
			const member = MemberReplicaPayload.parse(payload);
			await db
				.insert(organizationMemberReplicas)
				.values(member)
				.onConflictDoUpdate({
					target: [organizationMemberReplicas.organizationId, organizationMemberReplicas.userId],
					set: { role: member.role, ...(member.email === undefined ? {} : { email: member.email }) },
				});
			return;
		}
		case "member.delete": {
			const member = MemberRemovalPayload.parse(payload);
			await db
				.delete(organizationMemberReplicas)
				.where(
					and(
						eq(organizationMemberReplicas.organizationId, member.organizationId),
						eq(organizationMemberReplicas.userId, member.userId),
					),
				);
			return;
		}
		case "user.update": {
			const user = UserStatePayload.parse(payload);
			await db
				.insert(userReplicas)
				.values(user)
				.onConflictDoUpdate({ target: userReplicas.userId, set: { isActive: user.isActive } });
		}
	}
}

/** The user and scopes of a bearer token replicated to this region, if it is live and its user active. */
export async function replicatedToken(db: RegionDb, token: string, now = new Date()) {
	if (!/^sntryu_[0-9a-f]{64}$/.test(token)) return undefined;
	const [row] = await db
		.select({ userId: apiTokenReplicas.userId, scopes: apiTokenReplicas.scopes })
		.from(apiTokenReplicas)
		.leftJoin(userReplicas, eq(userReplicas.userId, apiTokenReplicas.userId))
		.where(
			and(
				eq(apiTokenReplicas.hashedToken, await sha256Hex(token)),
				or(isNull(apiTokenReplicas.expiresAt), gt(apiTokenReplicas.expiresAt, now)),
				or(isNull(userReplicas.userId), eq(userReplicas.isActive, true)),
			),
		)
		.limit(1);
	return row;
}

/** The user's role in the organization, as replicated to this region; undefined for a non-member. */
export async function replicatedRole(db: RegionDb, organizationId: number, userId: number): Promise<Role | undefined> {
	const member = await db.query.organizationMemberReplicas.findFirst({
		where: and(
			eq(organizationMemberReplicas.organizationId, organizationId),
			eq(organizationMemberReplicas.userId, userId),
		),
	});
	return member?.role;
}

/** Members of the organization among `userIds`, with their e-mail if replicated. */
export async function replicatedMembers(db: RegionDb, organizationId: number, userIds: number[]) {
	if (!userIds.length) return [];
	return db
		.select({ userId: organizationMemberReplicas.userId, email: organizationMemberReplicas.email })
		.from(organizationMemberReplicas)
		.where(
			and(
				eq(organizationMemberReplicas.organizationId, organizationId),
				inArray(organizationMemberReplicas.userId, userIds),
			),
		);
}

/** The member of the organization with this e-mail (compared case-insensitively), if any. */
export async function replicatedMemberByEmail(db: RegionDb, organizationId: number, email: string) {
	const [member] = await db
		.select({ userId: organizationMemberReplicas.userId, email: organizationMemberReplicas.email })
		.from(organizationMemberReplicas)
		.where(
			and(
				eq(organizationMemberReplicas.organizationId, organizationId),
				sql`lower(${organizationMemberReplicas.email}) = lower(${email})`,
			),
		)
		.limit(1);
	return member;
}
