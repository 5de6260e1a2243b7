/** An organization in the JSON shape of Sentry's Web API, from control's mapping or the region's row. */
import { regionUrl } from "./dsn";

export interface OrganizationFields {
	id: number;
	slug: string;
	name: string;
	createdAt: Date;
	/** Control's `pending`/`active`, or the region's `active`/`pending_deletion`. */
	status: string;
	regionName: string;
}

export function organizationJson(organization: OrganizationFields, publicUrl: URL) {
	return {
		id: String(organization.id),
		slug: organization.slug,
		name: organization.name,
		dateCreated: organization.createdAt.toISOString(),
		status: { id: organization.status, name: organization.status },
		isEarlyAdopter: false,
		require2FA: false,
		avatar: { avatarType: "letter_avatar", avatarUuid: null },
		features: [],
		links: {
			organizationUrl: new URL(`/organizations/${organization.slug}/`, publicUrl).href,
			regionUrl: regionUrl(publicUrl, organization.regionName),
		},
	};
}
