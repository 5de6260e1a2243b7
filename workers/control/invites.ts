/**
 * Invitations, as Sentry's member invites: an owner invites an e-mail address and gets an invite
 * link; whoever follows it while logged in becomes the member (Sentry's accept-invite). Nobody is
 * added to an organization without accepting, and the answer to an invitation is the same whether
 * an account with that address exists or not, so inviting tells nothing about who has an account.
 * The token is random, in the link only, stored as its SHA-256, and expires after 30 days (Sentry's
 * INVITE_DAYS_VALID). Accepting writes the membership, deletes the invitation and queues the
 * member's replication (tokens first, then the membership) in one D1 batch.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { organizationInvites, organizationMappings, organizationMemberMappings, users } from "../../schema/control";
import { randomHex, sha256Hex } from "../lib/crypto";
import { type ControlDb, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Role } from "../lib/scopes";
import { findMember } from "./members";
import { memberReplicaRow, outboxInsertIf, tokenReplicaRegionRows, userTokenRows } from "./replication";

type Mapping = typeof organizationMappings.$inferSelect;
type User = typeof users.$inferSelect;

export const INVITE_DAYS_VALID = 30;
const INVITE_LIFETIME_MS = INVITE_DAYS_VALID * 24 * 60 * 60 * 1000;

/** The page that accepts an invitation (Sentry's `sentry-accept-invite` URL). */
export const inviteLink = (publicUrl: URL, memberId: number, token: string) =>
	new URL(`/accept/${memberId}/${token}/`, publicUrl).href;

const alreadyMember = (email: string) => new ApiError(409, `The user ${email} is already a member`);
export const invalidInvite = () => new ApiError(400, "Invalid invite code");

async function newToken(now: Date) {
	const token = randomHex(32);
	return { token, hashedToken: await sha256Hex(token), expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS) };
}

/**
 * A pending member for `email`. Refused (409) only when the address is already this organization's:
 * a member's account or another invitation, which its owners can see anyway.
 */
export async function inviteMember(
	db: ControlDb,
	mapping: Mapping,
	input: { email: string; role: Role; inviterId: number },
	now = new Date(),
) {
	const email = input.email.toLowerCase();
	const [member] = await db
		.select({ id: organizationMemberMappings.id })
		.from(organizationMemberMappings)
		.innerJoin(users, eq(users.id, organizationMemberMappings.userId))
		.where(and(eq(organizationMemberMappings.organizationId, mapping.organizationId), eq(users.email, email)))
		.limit(1);
	if (member) throw alreadyMember(email);
	const { token, hashedToken, expiresAt } = await newToken(now);
	try {
		const [inserted] = await db.batch([
			db
				.insert(organizationMemberMappings)
				.values({ organizationId: mapping.organizationId, userId: null, role: input.role, createdAt: now })
				.returning(),
			db.insert(organizationInvites).values({
				memberId: sql`last_insert_rowid()`,
				organizationId: mapping.organizationId,
				email,
				hashedToken,
				expiresAt,
				inviterId: input.inviterId,
			}),
		]);
		const id = inserted[0]?.id;
		if (id === undefined) throw new Error("the invitation was not written");
		return { token, memberId: id };
	} catch (error) {
		if (isUniqueViolation(error)) throw alreadyMember(email);
		throw error;
	}
}

/** A new link for a pending invitation (Sentry's reinvite + regenerate); the old one stops working. */
export async function regenerateInvite(db: ControlDb, memberId: number, now = new Date()) {
	const { token, hashedToken, expiresAt } = await newToken(now);
	const [updated] = await db
		.update(organizationInvites)
		.set({ hashedToken, expiresAt })
		.where(eq(organizationInvites.memberId, memberId))
		.returning();
	if (!updated) throw new ApiError(400, "You cannot send an invitation to a user who is already a full member.");
	return token;
}

/** The pending invitation that `token` opens, with its organization; undefined for any wrong or expired link. */
export async function openInvite(db: ControlDb, memberId: number, token: string, now = new Date()) {
	if (!Number.isSafeInteger(memberId) || !/^[0-9a-f]{64}$/.test(token)) return undefined;
	const [row] = await db
		.select({ invite: organizationInvites, mapping: organizationMappings })
		.from(organizationInvites)
		.innerJoin(organizationMappings, eq(organizationMappings.organizationId, organizationInvites.organizationId))
		.where(
			and(
				eq(organizationInvites.memberId, memberId),
				eq(organizationInvites.hashedToken, await sha256Hex(token)),
				gt(organizationInvites.expiresAt, now),
			),
		)
		.limit(1);
	return row;
}

export const isMemberOf = async (db: ControlDb, organizationId: number, userId: number) =>
	Boolean(
		await db.query.organizationMemberMappings.findFirst({
			where: and(
				eq(organizationMemberMappings.organizationId, organizationId),
				eq(organizationMemberMappings.userId, userId),
			),
		}),
	);

/** `user` accepts the invitation: they become the member, and the region learns of them. */
export async function acceptInvite(
	db: ControlDb,
	memberId: number,
	token: string,
	user: User,
	now = new Date(),
): Promise<Mapping> {
	const opened = await openInvite(db, memberId, token, now);
	if (!opened) throw invalidInvite();
	const { invite, mapping } = opened;
	if (await isMemberOf(db, mapping.organizationId, user.id)) throw new ApiError(400, "member already exists");
	const member = await findMember(db, mapping.organizationId, memberId, { withInvites: true });
	if (!member || member.member.userId !== null) throw invalidInvite();
	const { role } = member.member;
	const accepted = sql`exists (select 1 from ${organizationMemberMappings} where id = ${memberId} and user_id = ${user.id})`;
	// Accepted by this batch: the invitation is deleted last, so a second accept of the same link queues nothing again.
	const acceptedHere = sql`${accepted} and exists (select 1 from ${organizationInvites} where member_id = ${memberId})`;
	const written = await db
		.batch([
			// Only the invitation as read: still pending, the same token, unexpired, the same role (which the message carries).
			db
				.update(organizationMemberMappings)
				.set({ userId: user.id })
				.where(
					and(
						eq(organizationMemberMappings.id, memberId),
						isNull(organizationMemberMappings.userId),
						eq(organizationMemberMappings.role, role),
						sql`exists (select 1 from ${organizationInvites} where member_id = ${memberId} and hashed_token = ${invite.hashedToken} and expires_at > ${now.getTime()})`,
					),
				)
				.returning(),
			// The member's tokens first, so a region never holds a membership it cannot authenticate.
			...tokenReplicaRegionRows(db, user.id, [mapping.regionName]),
			...(await userTokenRows(db, user.id, mapping.regionName)).map((row) =>
				outboxInsertIf(db, row, mapping.organizationId, acceptedHere),
			),
			outboxInsertIf(
				db,
				memberReplicaRow(mapping.regionName, {
					organizationId: mapping.organizationId,
					userId: user.id,
					role,
					email: user.email,
				}),
				mapping.organizationId,
				acceptedHere,
			),
			db.delete(organizationInvites).where(and(eq(organizationInvites.memberId, memberId), accepted)),
		])
		.catch((error: unknown) => {
			// They joined the organization another way meanwhile.
			if (isUniqueViolation(error)) throw new ApiError(400, "member already exists");
			throw error;
		});
	if (written[0][0]) return mapping;
	// Changed in between: its role (then accept it as it is now), or accepted, revoked, regenerated (then the link is dead).
	return acceptInvite(db, memberId, token, user, now);
}
