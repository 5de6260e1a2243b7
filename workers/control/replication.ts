/**
 * What control copies to regions through the outbox, so that a region can authenticate direct API
 * calls without asking control: token hashes (to the regions where the user has organizations, never
 * to all regions), memberships with their roles (to the organization's region), and the user's
 * deactivation. Every region that was ever sent a user's tokens is remembered
 * (`token_replica_regions`), and revocations and deactivations go to all of them: a user who left a
 * region keeps no live copy there that a later re-join would bring back to life.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import {
	apiTokens,
	controlOutbox,
	organizationMappings,
	organizationMemberMappings,
	tokenReplicaRegions,
} from "../../schema/control";
import type { ControlDb } from "../lib/db";
import type { Role } from "../lib/scopes";

type TokenRow = Pick<typeof apiTokens.$inferSelect, "hashedToken" | "userId" | "scopes" | "expiresAt">;

/** The regions holding the user's organizations: a handful, whatever the number of regions. */
export async function regionsOfUser(db: ControlDb, userId: number): Promise<string[]> {
	const rows = await db
		.selectDistinct({ regionName: organizationMappings.regionName })
		.from(organizationMemberMappings)
		.innerJoin(organizationMappings, eq(organizationMappings.organizationId, organizationMemberMappings.organizationId))
		.where(eq(organizationMemberMappings.userId, userId));
	return rows.map((row) => row.regionName);
}

/** Every region that holds or held copies of the user's tokens: where revocations must go. */
export async function regionsHoldingTokensOf(db: ControlDb, userId: number): Promise<string[]> {
	const held = await db
		.select({ regionName: tokenReplicaRegions.regionName })
		.from(tokenReplicaRegions)
		.where(eq(tokenReplicaRegions.userId, userId));
	return [...new Set([...held.map((row) => row.regionName), ...(await regionsOfUser(db, userId))])];
}

/** Remembers that `regions` hold the user's tokens, in the batch that sends them there. */
export const tokenReplicaRegionRows = (db: ControlDb, userId: number, regions: string[]) =>
	regions.map((regionName) => db.insert(tokenReplicaRegions).values({ userId, regionName }).onConflictDoNothing());

export type OutboxRow = ReturnType<typeof outboxRow>;
const outboxRow = (regionName: string, category: string, shard: number, payload: unknown) => ({
	regionName,
	category,
	shardIdentifier: shard,
	objectIdentifier: shard,
	payload,
	scheduledFor: new Date(),
});

export function tokenReplicaRows(token: TokenRow, regions: string[]) {
	const payload = {
		hashedToken: token.hashedToken,
		userId: token.userId,
		scopes: token.scopes,
		expiresAt: token.expiresAt?.getTime() ?? null,
	};
	return regions.map((region) => outboxRow(region, "apitoken.upsert", token.userId, payload));
}

export function tokenRevocationRows(token: Pick<TokenRow, "hashedToken" | "userId">, regions: string[]) {
	return regions.map((region) =>
		outboxRow(region, "apitoken.delete", token.userId, { hashedToken: token.hashedToken }),
	);
}

export function memberReplicaRow(
	regionName: string,
	member: { organizationId: number; userId: number; role: Role; email?: string },
) {
	return outboxRow(regionName, "member.upsert", member.organizationId, member);
}

export function memberRemovalRow(regionName: string, member: { organizationId: number; userId: number }) {
	return outboxRow(regionName, "member.delete", member.organizationId, {
		organizationId: member.organizationId,
		userId: member.userId,
	});
}

/** The user's active state, for every region that holds their tokens (the user's shard, as for tokens). */
export const userStateRows = (user: { id: number; isActive: boolean }, regions: string[]) =>
	regions.map((region) => outboxRow(region, "user.update", user.id, { userId: user.id, isActive: user.isActive }));

/** Outbox rows that copy all of a user's tokens to a region (when the user joins an organization there). */
export async function userTokenRows(db: ControlDb, userId: number, regionName: string) {
	const tokens = await db.select().from(apiTokens).where(eq(apiTokens.userId, userId));
	return tokens.flatMap((token) => tokenReplicaRows(token, [regionName]));
}

/**
 * Queues an outbox message only if `condition` holds once the statements before it in the batch
 * have run (e.g. only if the change it replicates happened): `insert … select` from the
 * organization's mapping row, which exists once, so the message is written at most once.
 */
export const outboxInsertIf = (db: ControlDb, row: OutboxRow, organizationId: number, condition: SQL) =>
	db.insert(controlOutbox).select((qb) =>
		qb
			.select({
				id: sql<number>`null`.as("id"),
				category: sql<string>`${row.category}`.as("category"),
				shardIdentifier: sql<number>`${row.shardIdentifier}`.as("shard_identifier"),
				objectIdentifier: sql<number>`${row.objectIdentifier}`.as("object_identifier"),
				payload: sql<unknown>`${JSON.stringify(row.payload)}`.as("payload"),
				attempts: sql<number>`0`.as("attempts"),
				lastError: sql<string | null>`null`.as("last_error"),
				scheduledFor: sql<Date>`${row.scheduledFor.getTime()}`.as("scheduled_for"),
				createdAt: sql<Date>`${Date.now()}`.as("created_at"),
				regionName: sql<string>`${row.regionName}`.as("region_name"),
			})
			.from(organizationMappings)
			.where(and(eq(organizationMappings.organizationId, organizationId), condition)),
	);
