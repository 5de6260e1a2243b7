/** Control-silo objects in the JSON shapes of Sentry's Web API. */
import type { organizationMappings, users } from "../../schema/control";
import { regionUrl } from "../lib/dsn";

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
