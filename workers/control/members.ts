/**
 * Organization members and their roles. Every change is written in one D1 batch with the outbox
 * message that replicates it to the organization's region, and an organization always keeps an
 * owner: removing or demoting the last one is refused atomically (a conditional statement), so two
 * owners removing each other at once cannot both succeed.
 */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { controlOutbox, organizationMappings, organizationMemberMappings, users } from "../../schema/control";
import type { ControlDb } from "../lib/db";
import { ApiError, notFound } from "../lib/errors";
import type { Role } from "../lib/scopes";
import { memberRemovalRow, memberReplicaRow, type OutboxRow, userTokensTo } from "./replication";
import { findUserByEmail } from "./users";

type Mapping = typeof organizationMappings.$inferSelect;

export function listMembers(db: ControlDb, organizationId: number) {
	return db
		.select({ member: organizationMemberMappings, user: users })
		.from(organizationMemberMappings)
		.innerJoin(users, eq(users.id, organizationMemberMappings.userId))
		.where(eq(organizationMemberMappings.organizationId, organizationId))
		.orderBy(asc(organizationMemberMappings.id));
}
export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMember(db: ControlDb, organizationId: number, memberId: number) {
	const [row] = await db
		.select({ member: organizationMemberMappings, user: users })
		.from(organizationMemberMappings)
		.innerJoin(users, eq(users.id, organizationMemberMappings.userId))
		.where(
			and(eq(organizationMemberMappings.organizationId, organizationId), eq(organizationMemberMappings.id, memberId)),
		)
		.limit(1);
	return row;
}

/** Queues the outbox message only if `condition` holds once the change before it in the batch has run. */
const outboxInsertIf = (db: ControlDb, row: OutboxRow, condition: SQL) =>
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
			.where(and(eq(organizationMappings.organizationId, row.shardIdentifier), condition)),
	);

/**
 * Adds an existing, active account. Faultline sends no invitations, so an address without an account
 * gets the same refusal as an inactive account.
 */
export async function addMember(db: ControlDb, mapping: Mapping, input: { email: string; role: Role }) {
	const user = await findUserByEmail(db, input.email);
	if (!user?.isActive) {
		throw new ApiError(400, "Only people who already have an active Faultline account can be added.");
	}
	const member = { organizationId: mapping.organizationId, userId: user.id, role: input.role };
	const [inserted] = await db.batch([
		db.insert(organizationMemberMappings).values(member).onConflictDoNothing().returning(),
		// The member's tokens first, so a region never holds a membership it cannot authenticate.
		...(await userTokensTo(db, user.id, mapping.regionName)),
		// Only if the membership now holds this role: adding someone already a member changes nothing.
		outboxInsertIf(
			db,
			memberReplicaRow(mapping.regionName, member),
			sql`exists (select 1 from ${organizationMemberMappings} where organization_id = ${member.organizationId} and user_id = ${member.userId} and role = ${member.role})`,
		),
	]);
	const row = inserted[0];
	if (!row) throw new ApiError(409, `The user ${user.email} is already a member`);
	return { member: row, user };
}

/** The organization still has another owner besides `memberId`. */
const anotherOwner = (organizationId: number, memberId: number) =>
	sql`exists (select 1 from ${organizationMemberMappings} as other where other.organization_id = ${organizationId} and other.role = 'owner' and other.id != ${memberId})`;
const keepsAnOwner = (organizationId: number, memberId: number) =>
	sql`(${organizationMemberMappings.role} != 'owner' or ${anotherOwner(organizationId, memberId)})`;
const lastOwner = () => new ApiError(403, "An organization must keep at least one owner.");

export async function changeRole(db: ControlDb, mapping: Mapping, memberId: number, role: Role) {
	const current = await findMember(db, mapping.organizationId, memberId);
	if (!current) throw notFound();
	const member = { organizationId: mapping.organizationId, userId: current.user.id, role };
	const [updated] = await db.batch([
		db
			.update(organizationMemberMappings)
			.set({ role })
			.where(
				and(
					eq(organizationMemberMappings.id, memberId),
					role === "owner" ? undefined : keepsAnOwner(mapping.organizationId, memberId),
				),
			)
			.returning(),
		// Replicated only if the change happened (the row holds the new role).
		outboxInsertIf(
			db,
			memberReplicaRow(mapping.regionName, member),
			sql`exists (select 1 from ${organizationMemberMappings} where id = ${memberId} and role = ${role})`,
		),
	]);
	if (!updated[0]) throw lastOwner();
	return { member: updated[0], user: current.user };
}

export async function removeMember(db: ControlDb, mapping: Mapping, memberId: number) {
	const current = await findMember(db, mapping.organizationId, memberId);
	if (!current) throw notFound();
	const [deleted] = await db.batch([
		db
			.delete(organizationMemberMappings)
			.where(and(eq(organizationMemberMappings.id, memberId), keepsAnOwner(mapping.organizationId, memberId)))
			.returning(),
		// Replicated only if the member is really gone: a refused removal must not revoke access in the region.
		outboxInsertIf(
			db,
			memberRemovalRow(mapping.regionName, current.member),
			sql`not exists (select 1 from ${organizationMemberMappings} where id = ${memberId})`,
		),
	]);
	if (!deleted[0]) throw lastOwner();
}
