/** Projects and their DSN keys in the JSON shapes of Sentry's Web API. */
import type { organizations, projectKeys, projects } from "../../../schema/region";
import { buildDsn } from "../../lib/dsn";
import { filterOptionsOf } from "./inbound-filters";

type Project = typeof projects.$inferSelect;
type Organization = typeof organizations.$inferSelect;

export function serializeProject(project: Project, organization: Organization) {
	return {
		id: String(project.id),
		slug: project.slug,
		name: project.name,
		platform: project.platform,
		status: project.status,
		dateCreated: project.createdAt.toISOString(),
		isMember: true,
		hasAccess: true,
		features: [],
		allowedDomains: project.allowedDomains,
		organization: { id: String(organization.id), slug: organization.slug, name: organization.name },
	};
}

/** One project as Sentry's project details show it: with its options (here the inbound-filter globs). */
export function serializeProjectDetails(project: Project, organization: Organization) {
	return { ...serializeProject(project, organization), options: filterOptionsOf(project.filterSettings) };
}

export function serializeKey(key: typeof projectKeys.$inferSelect, regionName: string, publicUrl: URL) {
	const dsn = buildDsn({
		publicKey: key.publicKey,
		projectId: key.projectId,
		organizationId: key.organizationId,
		regionName,
		publicUrl,
	});
	const ingest = new URL(dsn);
	const endpoint = (path: string) =>
		`${ingest.protocol}//${ingest.host}/api/${key.projectId}/${path}/?sentry_key=${key.publicKey}`;
	return {
		id: key.publicKey,
		name: key.label,
		label: key.label,
		public: key.publicKey,
		secret: key.secretKey,
		projectId: key.projectId,
		isActive: key.status === "active",
		rateLimit: key.rateLimitCount ? { count: key.rateLimitCount, window: key.rateLimitWindow } : null,
		dsn: {
			public: dsn,
			secret: dsn.replace(`${key.publicKey}@`, `${key.publicKey}:${key.secretKey}@`),
			csp: endpoint("security"),
			security: endpoint("security"),
			minidump: endpoint("minidump"),
			store: endpoint("store"),
			envelope: endpoint("envelope"),
		},
		dateCreated: key.createdAt.toISOString(),
	};
}
