/** Control-silo objects in the JSON shapes of Sentry's Web API. */
import type { organizationMappings, users } from "../../schema/control";
import { organizationJson } from "../lib/organization-json";
import type { MemberRow } from "./members";

export function serializeUser(user: typeof users.$inferSelect) {
	return {
		id: String(user.id),
		name: user.name,
		username: user.email,
		email: user.email,
		isActive: user.isActive,
		isSuperuser: user.isSuperuser,
		dateJoined: user.createdAt.toISOString(),
		lastLogin: user.lastLoginAt?.toISOString() ?? null,
	};
}

export const serializeOrganization = (mapping: typeof organizationMappings.$inferSelect, publicUrl: URL) =>
	organizationJson({ ...mapping, id: mapping.organizationId }, publicUrl);

const ROLE_NAMES = { owner: "Owner", member: "Member" } as const;

/** A member as Sentry's `OrganizationMemberSerializer` shows one (Faultline has no pending invitations). */
export function serializeMember({ member, user }: MemberRow) {
	return {
		id: String(member.id),
		email: user.email,
		name: user.name || user.email,
		user: serializeUser(user),
		role: member.role,
		orgRole: member.role,
		roleName: ROLE_NAMES[member.role],
		pending: false,
		expired: false,
		inviteStatus: "approved",
		dateCreated: member.createdAt.toISOString(),
	};
}
