/** Control-silo objects in the JSON shapes of Sentry's Web API. */
import type { organizationMappings, users } from "../../schema/control";
import { organizationJson } from "../lib/organization-json";
import type { MemberRow } from "./members";

type User = typeof users.$inferSelect;

/** Who is looking: a user's private fields are shown only to that user and to superusers. */
export type Viewer = Pick<User, "id" | "isSuperuser">;

export function serializeUser(user: User, viewer: Viewer) {
	const shown = {
		id: String(user.id),
		name: user.name,
		username: user.email,
		email: user.email,
		dateJoined: user.createdAt.toISOString(),
	};
	if (viewer.id !== user.id && !viewer.isSuperuser) return shown;
	return {
		...shown,
		isActive: user.isActive,
		isSuperuser: user.isSuperuser,
		lastLogin: user.lastLoginAt?.toISOString() ?? null,
	};
}

export const serializeOrganization = (mapping: typeof organizationMappings.$inferSelect, publicUrl: URL) =>
	organizationJson({ ...mapping, id: mapping.organizationId }, publicUrl);

const ROLE_NAMES = { owner: "Owner", member: "Member" } as const;

/** A member as Sentry's `OrganizationMemberSerializer` shows one: a person, or a pending invitation. */
export function serializeMember({ member, user, invite, inviter }: MemberRow, viewer: Viewer, now = new Date()) {
	const email = user?.email ?? invite?.email ?? "";
	return {
		id: String(member.id),
		email,
		name: user ? user.name || user.email : email,
		user: user ? serializeUser(user, viewer) : null,
		role: member.role,
		orgRole: member.role,
		roleName: ROLE_NAMES[member.role],
		pending: user === null,
		expired: invite ? invite.expiresAt <= now : false,
		inviteStatus: "approved",
		inviterName: inviter ? inviter.name || inviter.email : null,
		dateCreated: member.createdAt.toISOString(),
	};
}
