/**
 * The relay's project-config lookup: isolate memory, then KV (written by the region), then the
 * region itself over RPC. Answers are kept in memory for CONFIG_MEMORY_TTL_MS (missing keys for
 * MISSING_MEMORY_TTL_MS), which bounds how long a disabled key keeps working on one isolate.
 *
 * `sentry_key` is chosen by whoever sends, so the memory is bounded: two LRU maps, one for known
 * keys and one for unknown ones, so that a flood of random keys only churns the second. Concurrent
 * lookups of a key that is not in memory share one KV read (and at most one region call).
 */
import { LruCache } from "../lib/lru";
import { type ProjectConfigEntry, ProjectConfigEntrySchema, projectConfigKvKey } from "../lib/project-config";

export const CONFIG_MEMORY_TTL_MS = 10_000;
export const MISSING_MEMORY_TTL_MS = 5_000;
/** Known keys an isolate remembers: about 1-2 KB each, so at most a few of its 128 MB. */
export const CONFIG_MEMORY_ENTRIES = 2_000;
/** Unknown keys an isolate remembers (a few dozen bytes each). */
export const MISSING_MEMORY_ENTRIES = 10_000;

export interface ConfigSources {
	kv: KVNamespace;
	/** Asks the region (and makes it rewrite KV); used only on a KV miss. */
	fromRegion: (publicKey: string) => Promise<ProjectConfigEntry>;
	now?: number;
}

type Remembered = { entry: ProjectConfigEntry; expiresAt: number };

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

export class ProjectConfigCache {
	readonly #known: LruCache<Remembered>;
	readonly #missing: LruCache<Remembered>;
	readonly #inflight = new Map<string, Promise<ProjectConfigEntry>>();

	constructor(capacity = { known: CONFIG_MEMORY_ENTRIES, missing: MISSING_MEMORY_ENTRIES }) {
		this.#known = new LruCache(capacity.known);
		this.#missing = new LruCache(capacity.missing);
	}

	async lookup(publicKey: string, sources: ConfigSources): Promise<ProjectConfigEntry> {
		const now = sources.now ?? Date.now();
		const remembered = this.#known.get(publicKey) ?? this.#missing.get(publicKey);
		if (remembered && remembered.expiresAt > now) return remembered.entry;
		let pending = this.#inflight.get(publicKey);
		if (!pending) {
			pending = this.#load(publicKey, sources, now).finally(() => this.#inflight.delete(publicKey));
			this.#inflight.set(publicKey, pending);
		}
		return pending;
	}

	async #load(publicKey: string, sources: ConfigSources, now: number): Promise<ProjectConfigEntry> {
		const entry = (await fromKv(sources.kv, publicKey)) ?? (await sources.fromRegion(publicKey));
		if (entry.disabled) {
			this.#known.delete(publicKey);
			this.#missing.set(publicKey, { entry, expiresAt: now + MISSING_MEMORY_TTL_MS });
		} else {
			this.#missing.delete(publicKey);
			this.#known.set(publicKey, { entry, expiresAt: now + CONFIG_MEMORY_TTL_MS });
		}
		return entry;
	}

	/** How many keys are remembered, known and unknown. */
	get size() {
		return { known: this.#known.size, missing: this.#missing.size };
	}

	clear(): void {
		this.#known.clear();
		this.#missing.clear();
	}
}

const isolateCache = new ProjectConfigCache();

export const projectConfigFor = (publicKey: string, sources: ConfigSources) => isolateCache.lookup(publicKey, sources);

/** Forgets what this isolate remembered (tests, and a key rotation that must apply at once). */
export function forgetProjectConfigs(): void {
	isolateCache.clear();
}
