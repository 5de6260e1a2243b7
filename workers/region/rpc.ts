/** The region's side of cross-silo RPC: what the control silo may ask of this region. */

import { eq } from "drizzle-orm";
import { organizations } from "../../schema/region";
import { type RegionDb, regionDb } from "../lib/db";
import { drainOutbox } from "../lib/outbox";
import { regionOutboxStore } from "../lib/outbox-store";
import type { RpcClient, RpcImplementation } from "../lib/rpc/contract";
import { type ControlService, ProvisionOrganizationPayload, type RegionService } from "../lib/rpc/services";
import { localRegionOf, settingsOf } from "../lib/settings";
import type { RegionBindings } from "./env";
import { provisionOrganization } from "./organizations";
import { ensureProject, ensureProjectKey, loadProjectConfig, publishProjectConfigs } from "./projects";
import { applyReplica } from "./replication";

export function regionRpcImplementation(
	db: RegionDb,
	projectConfigs: KVNamespace,
	regionSnowflakeId: number,
): RpcImplementation<RegionService> {
	return {
		async applyControlOutbox({ category, payload }) {
			switch (category) {
				case "organization.provision":
					await provisionOrganization(db, ProvisionOrganizationPayload.parse(payload));
					return { ok: true };
				case "apitoken.upsert":
				case "apitoken.delete":
				case "member.upsert":
				case "member.delete":
					await applyReplica(db, category, payload);
					return { ok: true };
				default:
					throw new Error(`unknown control outbox category "${category}"`);
			}
		},
		async ensureProject(input) {
			const project = await ensureProject(db, regionSnowflakeId, input);
			await publishProjectConfigs(db, projectConfigs, project.id);
			return project;
		},
		async ensureProjectKey(input) {
			const key = await ensureProjectKey(db, input);
			await publishProjectConfigs(db, projectConfigs, input.projectId);
			return key;
		},
		getProjectConfig: ({ publicKey }) => loadProjectConfig(db, projectConfigs, publicKey),
	};
}

/** The region's RPC service over this worker's bindings. */
export function regionRpcFor(env: RegionBindings) {
	const settings = settingsOf(env);
	const region = settings.regions.require(localRegionOf(settings));
	return regionRpcImplementation(regionDb(settings.siloMode, env.REGION_DB), env.PROJECT_CONFIGS, region.snowflake_id);
}

/** Sends the region outbox to the control silo. Updates carry the row as it is now, not as it was. */
export function drainRegionOutbox(db: RegionDb, control: RpcClient<ControlService>) {
	return drainOutbox(regionOutboxStore(db), async (message) => {
		const organization = await db.query.organizations.findFirst({
			where: eq(organizations.id, message.objectIdentifier),
		});
		if (!organization) return; // deleted since; nothing left to mirror
		await control.applyRegionOutbox({
			id: message.id,
			category: message.category,
			objectIdentifier: message.objectIdentifier,
			payload: { id: organization.id, slug: organization.slug, name: organization.name },
		});
	});
}
