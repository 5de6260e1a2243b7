/**
 * First-run set-up, like Sentry's `createuser` + default organization: a superuser, an API token,
 * organization `default` in the monolith region, project `default` and its DSN key. Idempotent:
 * running it again finds what exists and makes only what is missing.
 */

import type { ControlDb } from "../lib/db";
import { buildDsn } from "../lib/dsn";
import type { RegionRpcResolver } from "../lib/rpc/clients";
import type { Settings } from "../lib/settings";
import { createApiToken } from "./api-tokens";
import { createOrganization, drainControlOutbox, findOrganizationMapping } from "./organizations";
import { createUser, findUserByEmail } from "./users";

export interface BootstrapInput {
	email: string;
	password: string;
	token: string;
	organizationSlug: string;
	projectSlug: string;
}

export async function bootstrap(
	db: ControlDb,
	settings: Settings,
	regionRpc: RegionRpcResolver,
	input: BootstrapInput,
) {
	const user =
		(await findUserByEmail(db, input.email)) ??
		(await createUser(db, { email: input.email, password: input.password, name: "Admin", isSuperuser: true }));
	await createApiToken(db, user.id, { name: "bootstrap", token: input.token });

	const existing = await findOrganizationMapping(db, input.organizationSlug);
	const mapping =
		existing ??
		(await createOrganization(db, settings, {
			slug: input.organizationSlug,
			name: "Default",
			regionName: settings.monolithRegion,
			ownerUserId: user.id,
		}));
	if (mapping.status !== "active") {
		const { failed } = await drainControlOutbox(db, regionRpc, mapping.regionName);
		if (failed > 0) throw new Error(`could not provision organization ${mapping.slug} in region ${mapping.regionName}`);
	}

	const region = regionRpc(mapping.regionName);
	const project = await region.ensureProject({
		organizationId: mapping.organizationId,
		slug: input.projectSlug,
		name: "Default",
		platform: "node",
	});
	const key = await region.ensureProjectKey({ organizationId: mapping.organizationId, projectId: project.id });
	return {
		url: settings.publicUrl.origin,
		dsn: buildDsn({
			publicKey: key.publicKey,
			projectId: project.id,
			organizationId: mapping.organizationId,
			regionName: mapping.regionName,
			publicUrl: settings.publicUrl,
		}),
		token: input.token,
		org: mapping.slug,
		project: project.slug,
		email: user.email,
		password: input.password,
	};
}
