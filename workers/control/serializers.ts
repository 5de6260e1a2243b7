/** Control-silo objects in the JSON shapes of Sentry's Web API. */
import type { organizationMappings, users } from "../../schema/control";
import { regionUrl } from "../lib/dsn";
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

export function serializeOrganization(mapping: typeof organizationMappings.$inferSelect, publicUrl: URL) {
	return {
		id: String(mapping.organizationId),
		slug: mapping.slug,
		name: mapping.name,
		dateCreated: mapping.createdAt.toISOString(),
		status: { id: mapping.status === "active" ? "active" : "pending", name: mapping.status },
		isEarlyAdopter: false,
		require2FA: false,
		avatar: { avatarType: "letter_avatar", avatarUuid: null },
		features: [],
		links: {
			organizationUrl: new URL(`/organizations/${mapping.slug}/`, publicUrl).href,
			regionUrl: regionUrl(publicUrl, mapping.regionName),
		},
	};
}

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
