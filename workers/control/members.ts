/**
 * Organization members and their roles. A member is either a person (`userId`) or, until someone
 * accepts it, an invitation (no user, its row in `organization_invites`: ./invites.ts). Every change
 * to a person's membership is written in one D1 batch with the outbox message that replicates it to
 * the organization's region (invitations are not replicated), and an organization always keeps an
 * owner: removing or demoting the last one is refused atomically (a conditional statement), so two
 * owners removing each other at once cannot both succeed.
 */
import { and, asc, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
	organizationInvites,
	type organizationMappings,
	organizationMemberMappings,
	users,
} from "../../schema/control";
import type { ControlDb } from "../lib/db";
import { ApiError, notFound } from "../lib/errors";
import type { Role } from "../lib/scopes";
import { memberRemovalRow, memberReplicaRow, outboxInsertIf } from "./replication";

type Mapping = typeof organizationMappings.$inferSelect;
const inviters = alias(users, "inviters");

const memberRows = (db: ControlDb) =>
	db
		.select({
			member: organizationMemberMappings,
			user: users,
			invite: organizationInvites,
			inviter: { name: inviters.name, email: inviters.email },
		})
		.from(organizationMemberMappings)
		.leftJoin(users, eq(users.id, organizationMemberMappings.userId))
		.leftJoin(organizationInvites, eq(organizationInvites.memberId, organizationMemberMappings.id))
		.leftJoin(inviters, eq(inviters.id, organizationInvites.inviterId));

/** People first-class; invitations only for those who may manage members (they are no one else's business). */
export function listMembers(db: ControlDb, organizationId: number, options: { withInvites: boolean }) {
	return memberRows(db)
		.where(
			and(
				eq(organizationMemberMappings.organizationId, organizationId),
				options.withInvites ? undefined : isNotNull(organizationMemberMappings.userId),
			),
		)
		.orderBy(asc(organizationMemberMappings.id));
}
export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMember(
	db: ControlDb,
	organizationId: number,
	memberId: number,
	options: { withInvites: boolean },
) {
	const [row] = await memberRows(db)
		.where(
			and(
				eq(organizationMemberMappings.organizationId, organizationId),
				eq(organizationMemberMappings.id, memberId),
				options.withInvites ? undefined : isNotNull(organizationMemberMappings.userId),
			),
		)
		.limit(1);
	return row;
}

/** The organization still has another owner (a person, not an invitation) besides `memberId`. */
const anotherOwner = (organizationId: number, memberId: number) =>
	sql`exists (select 1 from ${organizationMemberMappings} as other where other.organization_id = ${organizationId} and other.role = 'owner' and other.user_id is not null and other.id != ${memberId})`;
const keepsAnOwner = (organizationId: number, memberId: number) =>
	sql`(${organizationMemberMappings.role} != 'owner' or ${anotherOwner(organizationId, memberId)})`;
const lastOwner = () => new ApiError(403, "An organization must keep at least one owner.");

/**
 * The member as it is now, and a condition that still holds when the batch runs only if it is the
 * same: a person, or still an unaccepted invitation. An invitation accepted in between fails the
 * condition, and the change is made again as for the person it now is.
 */
async function currentMember(db: ControlDb, organizationId: number, memberId: number) {
	const current = await findMember(db, organizationId, memberId, { withInvites: true });
	if (!current) throw notFound();
	const userId = current.member.userId;
	const unchanged: SQL =
		userId === null ? isNull(organizationMemberMappings.userId) : eq(organizationMemberMappings.userId, userId);
	return { userId, unchanged };
}

export async function changeRole(db: ControlDb, mapping: Mapping, memberId: number, role: Role): Promise<void> {
	const { userId, unchanged } = await currentMember(db, mapping.organizationId, memberId);
	const [updated] = await db.batch([
		db
			.update(organizationMemberMappings)
			.set({ role })
			.where(
				and(
					eq(organizationMemberMappings.id, memberId),
					unchanged,
					role === "owner" ? undefined : keepsAnOwner(mapping.organizationId, memberId),
				),
			)
			.returning(),
		// A person's new role is replicated, only if the change happened (the row holds it).
		...(userId === null
			? []
			: [
					outboxInsertIf(
						db,
						memberReplicaRow(mapping.regionName, { organizationId: mapping.organizationId, userId, role }),
						mapping.organizationId,
						sql`exists (select 1 from ${organizationMemberMappings} where id = ${memberId} and user_id = ${userId} and role = ${role})`,
					),
				]),
	]);
	if (updated[0]) return;
	const now = await findMember(db, mapping.organizationId, memberId, { withInvites: true });
	if (now && now.member.userId !== userId) return changeRole(db, mapping, memberId, role);
	throw lastOwner();
}

export async function removeMember(db: ControlDb, mapping: Mapping, memberId: number): Promise<void> {
	const { userId, unchanged } = await currentMember(db, mapping.organizationId, memberId);
	const [deleted] = await db.batch([
		db
			.delete(organizationMemberMappings)
			.where(
				and(
					eq(organizationMemberMappings.id, memberId),
					unchanged,
					or(isNull(organizationMemberMappings.userId), keepsAnOwner(mapping.organizationId, memberId)),
				),
			)
			.returning(),
		// A person's removal is replicated only if they are really gone: a refused removal must not revoke access in the region.
		...(userId === null
			? []
			: [
					outboxInsertIf(
						db,
						memberRemovalRow(mapping.regionName, { organizationId: mapping.organizationId, userId }),
						mapping.organizationId,
						sql`not exists (select 1 from ${organizationMemberMappings} where id = ${memberId})`,
					),
				]),
	]);
	if (deleted[0]) return;
	const now = await findMember(db, mapping.organizationId, memberId, { withInvites: true });
	if (now && now.member.userId !== userId) return removeMember(db, mapping, memberId);
	if (!now) throw notFound();
	throw lastOwner();
}
