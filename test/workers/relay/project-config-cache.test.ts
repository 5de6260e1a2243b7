/**
 * The relay's project-config cache bounds (docs/relay.md): a config is remembered in isolate memory
 * for 10 s, an unknown key's `{"disabled": true}` for 5 s; KV holds the region's answers (unknown
 * keys for 60 s). Time is moved with projectConfigFor's `now`, never waited for.
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
import { forgetProjectConfigs, projectConfigFor } from "../../../workers/relay/project-configs";
import { createTenant, type Tenant } from "../tenant";

const DOCUMENTED_CONFIG_TTL_MS = 10_000;
const DOCUMENTED_MISSING_TTL_MS = 5_000;
const DOCUMENTED_MISSING_KV_TTL_S = 60;

const region = regionDb("MONOLITH", env.REGION_DB);
let tenant: Tenant;
let regionCalls: string[];

/** The relay's lookup at a given time, asking the real region on a KV miss (and counting the calls). */
const lookup = (publicKey: string, now: number) =>
	projectConfigFor(publicKey, {
		kv: env.PROJECT_CONFIGS,
		fromRegion: (key) => {
			regionCalls.push(key);
			return loadProjectConfig(region, env.PROJECT_CONFIGS, key);
		},
		now,
	});

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
