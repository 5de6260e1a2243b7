/**
 * The region's side of project configs: built from D1 and written to the relay's KV cache whenever
 * a project or key changes, and served over RPC when the relay misses. Unknown keys are written as
 * `{"disabled": true}` with a short TTL, so a flood of bad keys does not reach D1.
 */
import { and, eq } from "drizzle-orm";
import { projectKeys, projects } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { type ProjectConfigEntry, type ProjectState, projectConfigKvKey } from "../../lib/project-config";

export const CONFIG_TTL_SECONDS = 3600;
export const MISSING_CONFIG_TTL_SECONDS = 60;

async function projectState(db: RegionDb, projectId: number): Promise<ProjectState | undefined> {
	const project = await db.query.projects.findFirst({
		where: and(eq(projects.id, projectId), eq(projects.status, "active")),
	});
	if (!project) return undefined;
	const keys = await db.select().from(projectKeys).where(eq(projectKeys.projectId, projectId));
	return {
		disabled: false,
		projectId: project.id,
		organizationId: project.organizationId,
		slug: project.slug,
		publicKeys: keys.map((key) => ({
			publicKey: key.publicKey,
			numericId: key.id,
			isEnabled: key.status === "active",
			rateLimit:
				key.rateLimitCount && key.rateLimitWindow ? { count: key.rateLimitCount, window: key.rateLimitWindow } : null,
		})),
		config: {
			allowedDomains: project.allowedDomains,
			filterSettings: project.filterSettings,
			eventRetention: project.eventRetentionDays,
			quotas: project.quotas,
		},
	};
}

/**
 * The config for one public key, as the relay asks for it; written to KV on the way (KV is only a
 * cache: when it fails, the relay still gets its answer).
 */
export async function loadProjectConfig(db: RegionDb, kv: KVNamespace, publicKey: string): Promise<ProjectConfigEntry> {
	const key = await db.query.projectKeys.findFirst({ where: eq(projectKeys.publicKey, publicKey) });
	const state = key ? await projectState(db, key.projectId) : undefined;
	const entry: ProjectConfigEntry = state ?? { disabled: true };
	try {
		await kv.put(projectConfigKvKey(publicKey), JSON.stringify(entry), {
			expirationTtl: state ? CONFIG_TTL_SECONDS : MISSING_CONFIG_TTL_SECONDS,
		});
	} catch (error) {
		console.error("caching the project config in KV failed", error);
	}
	return entry;
}

/** Rewrites the cached config of every key of a project, after the project or a key changed. */
export async function publishProjectConfigs(db: RegionDb, kv: KVNamespace, projectId: number): Promise<void> {
	const state = await projectState(db, projectId);
	const keys = await db
		.select({ publicKey: projectKeys.publicKey })
		.from(projectKeys)
		.where(eq(projectKeys.projectId, projectId));
	const entry = JSON.stringify(state ?? { disabled: true });
	await Promise.all(
		keys.map(({ publicKey }) =>
			kv.put(projectConfigKvKey(publicKey), entry, {
				expirationTtl: state ? CONFIG_TTL_SECONDS : MISSING_CONFIG_TTL_SECONDS,
			}),
		),
	);
}
