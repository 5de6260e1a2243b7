/**
 * The relay's project-config lookup: isolate memory, then KV (written by the region), then the
 * region itself over RPC. Answers are kept in memory for CONFIG_MEMORY_TTL_MS (missing keys for
 * MISSING_MEMORY_TTL_MS), which bounds how long a disabled key keeps working on one isolate.
 */
import { type ProjectConfigEntry, ProjectConfigEntrySchema, projectConfigKvKey } from "../lib/project-config";

export const CONFIG_MEMORY_TTL_MS = 10_000;
export const MISSING_MEMORY_TTL_MS = 5_000;

const memory = new Map<string, { entry: ProjectConfigEntry; expiresAt: number }>();

export interface ConfigSources {
	kv: KVNamespace;
	/** Asks the region (and makes it rewrite KV); used only on a KV miss. */
	fromRegion: (publicKey: string) => Promise<ProjectConfigEntry>;
	now?: number;
}

/** KV is a cache: an entry it cannot give (missing, unreadable, or KV failing) is asked of the region. */
async function fromKv(kv: KVNamespace, publicKey: string): Promise<ProjectConfigEntry | undefined> {
	let cached: unknown;
	try {
		cached = await kv.get(projectConfigKvKey(publicKey), "json");
	} catch (error) {
		console.error("reading the project config from KV failed; asking the region", error);
		return undefined;
	}
	if (cached === null) return undefined;
	const parsed = ProjectConfigEntrySchema.safeParse(cached);
	return parsed.success ? parsed.data : undefined;
}

export async function projectConfigFor(publicKey: string, sources: ConfigSources): Promise<ProjectConfigEntry> {
	const now = sources.now ?? Date.now();
	const remembered = memory.get(publicKey);
	if (remembered && remembered.expiresAt > now) return remembered.entry;
	const entry = (await fromKv(sources.kv, publicKey)) ?? (await sources.fromRegion(publicKey));
	memory.set(publicKey, { entry, expiresAt: now + (entry.disabled ? MISSING_MEMORY_TTL_MS : CONFIG_MEMORY_TTL_MS) });
	return entry;
}

/** Forgets what this isolate remembered (tests, and a key rotation that must apply at once). */
export function forgetProjectConfigs(): void {
	memory.clear();
}
