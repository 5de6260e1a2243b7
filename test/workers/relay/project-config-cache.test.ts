/**
 * The relay's project-config cache bounds (docs/relay.md): a config is remembered in isolate memory
 * for 10 s, an unknown key's `{"disabled": true}` for 5 s; KV holds the region's answers (unknown
 * keys for 60 s). Time is moved with projectConfigFor's `now`, never waited for. Random
 * `sentry_key`s cannot grow the memory past its bound, and concurrent misses share one lookup.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { projectKeys } from "../../../schema/region";
import { randomHex } from "../../../workers/lib/crypto";
import { regionDb } from "../../../workers/lib/db";
import type { ProjectConfigEntry } from "../../../workers/lib/project-config";
import { projectConfigKvKey } from "../../../workers/lib/project-config";
import { loadProjectConfig, publishProjectConfigs } from "../../../workers/region/projects/configs";
import {
	type ConfigSources,
	forgetProjectConfigs,
	ProjectConfigCache,
	projectConfigFor,
} from "../../../workers/relay/project-configs";
import { createTenant, type Tenant } from "../tenant";

const DOCUMENTED_CONFIG_TTL_MS = 10_000;
const DOCUMENTED_MISSING_TTL_MS = 5_000;
const DOCUMENTED_MISSING_KV_TTL_S = 60;

const region = regionDb("MONOLITH", env.REGION_DB);
let tenant: Tenant;
let regionCalls: string[];

let kvReads: string[];

/** The real KV and region, counting the relay's reads of one and calls to the other. */
const sources = (now: number): ConfigSources => ({
	kv: {
		get: (key: string, type: "json") => {
			kvReads.push(key);
			return env.PROJECT_CONFIGS.get(key, type);
		},
	} as KVNamespace,
	fromRegion: (key) => {
		regionCalls.push(key);
		return loadProjectConfig(region, env.PROJECT_CONFIGS, key);
	},
	now,
});

/** The relay's lookup at a given time, asking the real region on a KV miss. */
const lookup = (publicKey: string, now: number) => projectConfigFor(publicKey, sources(now));

const keyEnabled = (entry: ProjectConfigEntry, publicKey: string) =>
	!entry.disabled && entry.publicKeys.find((key) => key.publicKey === publicKey)?.isEnabled;

beforeAll(async () => {
	tenant = await createTenant("config-cache");
});

beforeEach(async () => {
	await region.update(projectKeys).set({ status: "active" }).where(eq(projectKeys.id, tenant.key.id));
	await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
	forgetProjectConfigs();
	regionCalls = [];
	kvReads = [];
});

describe("the relay's project-config cache", () => {
	it("keeps accepting a disabled key only until the documented memory TTL has passed", async () => {
		const publicKey = tenant.key.publicKey;
		const start = 1_000_000;
		expect(keyEnabled(await lookup(publicKey, start), publicKey)).toBe(true);

		await region.update(projectKeys).set({ status: "disabled" }).where(eq(projectKeys.id, tenant.key.id));
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
		// Remembered: the isolate does not read KV again within the TTL …
		expect(keyEnabled(await lookup(publicKey, start + DOCUMENTED_CONFIG_TTL_MS - 1), publicKey)).toBe(true);
		// … and stops accepting the key once it has passed.
		expect(keyEnabled(await lookup(publicKey, start + DOCUMENTED_CONFIG_TTL_MS), publicKey)).toBe(false);
		expect(regionCalls).toEqual([]);
	});

	it("remembers an unknown key's negative answer for its TTL, then asks again and sees the new key", async () => {
		const publicKey = randomHex(16);
		const start = 2_000_000;
		expect(await lookup(publicKey, start)).toEqual({ disabled: true });
		expect(regionCalls).toEqual([publicKey]);
		const [cached] = (await env.PROJECT_CONFIGS.list({ prefix: projectConfigKvKey(publicKey) })).keys;
		expect(cached?.expiration).toBeDefined();
		const kvTtlSeconds = (cached?.expiration ?? 0) - Date.now() / 1000;
		expect(kvTtlSeconds).toBeGreaterThan(DOCUMENTED_MISSING_KV_TTL_S - 30);
		expect(kvTtlSeconds).toBeLessThanOrEqual(DOCUMENTED_MISSING_KV_TTL_S + 1);

		// The key is created: the region publishes its config to KV.
		await region.insert(projectKeys).values({
			organizationId: tenant.organizationId,
			projectId: tenant.project.id,
			publicKey,
			secretKey: randomHex(16),
		});
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);

		expect(await lookup(publicKey, start + DOCUMENTED_MISSING_TTL_MS - 1)).toEqual({ disabled: true });
		expect(keyEnabled(await lookup(publicKey, start + DOCUMENTED_MISSING_TTL_MS), publicKey)).toBe(true);
		expect(regionCalls).toEqual([publicKey]);
	});

	it("asks the region on a KV miss, once, and the region fills KV", async () => {
		const publicKey = tenant.key.publicKey;
		await env.PROJECT_CONFIGS.delete(projectConfigKvKey(publicKey));
		const start = 3_000_000;
		expect(keyEnabled(await lookup(publicKey, start), publicKey)).toBe(true);
		expect(keyEnabled(await lookup(publicKey, start + 1), publicKey)).toBe(true);
		expect(regionCalls).toEqual([publicKey]);
		expect(await env.PROJECT_CONFIGS.get(projectConfigKvKey(publicKey), "json")).toMatchObject({
			projectId: tenant.project.id,
		});
	});
});

describe("the relay's project-config cache under random keys", () => {
	it("asks KV and the region once for concurrent lookups of a key it does not remember", async () => {
		const unknown = randomHex(16);
		const answers = await Promise.all(Array.from({ length: 20 }, () => lookup(unknown, 4_000_000)));
		expect(answers).toEqual(Array.from({ length: 20 }, () => ({ disabled: true })));
		expect(regionCalls).toEqual([unknown]);
		expect(kvReads).toEqual([projectConfigKvKey(unknown)]);

		await Promise.all(Array.from({ length: 20 }, () => lookup(tenant.key.publicKey, 4_000_000)));
		expect(kvReads).toEqual([projectConfigKvKey(unknown), projectConfigKvKey(tenant.key.publicKey)]);
	});

	it("remembers at most its capacity, and a flood of unknown keys does not push out a known one", async () => {
		const cache = new ProjectConfigCache({ known: 2, missing: 5 });
		const now = 5_000_000;
		expect(keyEnabled(await cache.lookup(tenant.key.publicKey, sources(now)), tenant.key.publicKey)).toBe(true);
		for (let index = 0; index < 50; index++) await cache.lookup(randomHex(16), sources(now));
		expect(cache.size).toEqual({ known: 1, missing: 5 });

		kvReads = [];
		expect(keyEnabled(await cache.lookup(tenant.key.publicKey, sources(now + 1)), tenant.key.publicKey)).toBe(true);
		expect(kvReads).toEqual([]);
	});
});
