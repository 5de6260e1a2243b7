/**
 * The region's side of cross-silo RPC: what the control silo may ask of this region (the region
 * service), and the one question its relays may ask (the relay service, lib/rpc/services.ts).
 */

import { eq } from "drizzle-orm";
import { organizations } from "../../schema/region";
import { type RegionDb, regionDb } from "../lib/db";
import { drainOutbox } from "../lib/outbox";
import { regionOutboxStore } from "../lib/outbox-store";
import { regionAudience } from "../lib/rpc/clients";
import type { RpcClient, RpcImplementation } from "../lib/rpc/contract";
import type { RpcTrust } from "../lib/rpc/http";
import { nonceLedger } from "../lib/rpc/nonces";
import {
	type ControlService,
	ProvisionOrganizationPayload,
	type RegionService,
	type RelayService,
} from "../lib/rpc/services";
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
				case "user.update":
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
	};
}

/** The region's RPC service over this worker's bindings. */
export function regionRpcFor(env: RegionBindings) {
	const settings = settingsOf(env);
	const region = settings.regions.require(localRegionOf(settings));
	return regionRpcImplementation(regionDb(settings.siloMode, env.REGION_DB), env.PROJECT_CONFIGS, region.snowflake_id);
}

/** The relay service over this worker's bindings: project configs, read (and cached in KV) only. */
export function relayRpcFor(env: RegionBindings): RpcImplementation<RelayService> {
	const db = regionDb(settingsOf(env).siloMode, env.REGION_DB);
	return { getProjectConfig: ({ publicKey }) => loadProjectConfig(db, env.PROJECT_CONFIGS, publicKey) };
}

/** Control signs its calls (and the gateway its identities) with RPC_SHARED_SECRET, for this region. */
export const regionRpcTrust = (env: RegionBindings): RpcTrust => ({
	secret: settingsOf(env).rpcSharedSecret,
	audience: regionAudience(localRegionOf(settingsOf(env))),
	nonces: nonceLedger(env.RPC_NONCES),
});

/** Relays sign with RELAY_RPC_SECRET, which opens the relay service only. */
export const relayRpcTrust = (env: RegionBindings): RpcTrust => ({
	...regionRpcTrust(env),
	secret: settingsOf(env).relayRpcSecret,
});

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
