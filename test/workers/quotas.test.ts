import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { QuotaCounter } from "../../durable-objects/quota-counter";
import { outcomes, projectKeys, projects } from "../../schema/region";
import { randomHex } from "../../workers/lib/crypto";
import { regionDb } from "../../workers/lib/db";
import type { EnvelopeItem } from "../../workers/lib/envelope";
import type { Quota } from "../../workers/lib/quotas";
import { publishProjectConfigs } from "../../workers/region/project-configs";
import { forgetProjectConfigs } from "../../workers/relay/project-configs";
import { LEASE_SIZE, QuotaLeases } from "../../workers/relay/quota-check";
import { createTenant, envelopeBody, sendEnvelope, type Tenant } from "./tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);
const event = (): EnvelopeItem => ({ headers: { type: "event" }, payload: new Uint8Array([123, 125]) });
const counterOf = (organizationId: number) =>
	env.QUOTA_COUNTER.get(env.QUOTA_COUNTER.idFromName(`org:${organizationId}`));

beforeAll(async () => {
	tenant = await createTenant("quotas");
});

describe("QuotaCounter", () => {
	it("grants all or nothing across the quotas an item is subject to", async () => {
		const stub = counterOf(1);
		const endsAt = Date.now() + 60_000;
		expect(await stub.lease({ counters: [{ key: "a", limit: 2, endsAt }], wanted: 10 })).toEqual({ granted: 1 });
		expect(await stub.lease({ counters: [{ key: "a", limit: 2, endsAt }], wanted: 10 })).toEqual({ granted: 1 });
		const blocked = await stub.lease({
			counters: [
				{ key: "a", limit: 2, endsAt },
				{ key: "b", limit: 100, endsAt },
			],
			wanted: 10,
		});
		expect(blocked).toEqual({ granted: 0, exhausted: "a" });
		expect(await runInDurableObject(stub, (instance) => (instance as unknown as QuotaCounter).used("b"))).toBe(0);
	});

	it("sets an alarm for the end of its windows, which prunes the ended ones", async () => {
		const stub = counterOf(2);
		const endsAt = Date.now() + 60_000;
		await stub.lease({ counters: [{ key: "live", limit: 10, endsAt }], wanted: 1 });
		const counts = await runInDurableObject(stub, async (instance, state) => {
			const alarm = await state.storage.getAlarm();
			state.storage.sql.exec("INSERT INTO counters (key, used, ends_at) VALUES ('ended', 3, ?)", Date.now() - 1);
			const counter = instance as unknown as QuotaCounter;
			await counter.alarm();
			return { alarm, ended: counter.used("ended"), live: counter.used("live") };
		});
		expect(counts).toEqual({ alarm: endsAt, ended: 0, live: 1 });
		expect(await runDurableObjectAlarm(stub)).toBe(true);
	});
});

describe("leases", () => {
	const scope = { organizationId: 3, projectId: 4, keyId: 5 };

	it("accept at most the limit across many isolates, and most of it when demand exceeds it", async () => {
		const limit = 1000;
		const quota: Quota = {
			id: "o",
			categories: [],
			scope: "organization",
			limit,
			window: 3600,
			reasonCode: "org_quota",
		};
		const isolates = Array.from({ length: 50 }, () => new QuotaLeases());
		let accepted = 0;
		await Promise.all(
			Array.from({ length: 3000 }, async (_, index) => {
				const isolate = isolates[index % isolates.length] as QuotaLeases;
				const result = await isolate.check([event()], [quota], scope, { namespace: env.QUOTA_COUNTER });
				accepted += result.accepted.length;
			}),
		);
		expect(accepted).toBeLessThanOrEqual(Math.max(limit * 1.01, limit + 10));
		expect(accepted).toBeGreaterThanOrEqual(limit * 0.9);
	});

	it("call the Durable Object about once per LEASE_SIZE accepted items", async () => {
		const quota: Quota = { id: "p", categories: [], scope: "project", limit: 1_000_000, window: 3600 };
		const leases = new QuotaLeases();
		for (let index = 0; index < 1000; index++)
			await leases.check([event()], [quota], { ...scope, organizationId: 99 }, { namespace: env.QUOTA_COUNTER });
		expect(leases.calls).toBeLessThanOrEqual(Math.ceil(1000 / LEASE_SIZE));
	});
});

describe("rate limits at the relay", () => {
	it("answers 429 with Retry-After and X-Sentry-Rate-Limits past a key's limit, and counts rate_limited outcomes", async () => {
		await region
			.update(projectKeys)
			.set({ rateLimitCount: 5, rateLimitWindow: 60 })
			.where(eq(projectKeys.id, tenant.key.id));
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
		forgetProjectConfigs();
		const responses: Response[] = [];
		for (let index = 0; index < 8; index++) {
			const body = envelopeBody({ event_id: randomHex(16) }, [[{ type: "event" }, { message: "limited" }]]);
			responses.push(await sendEnvelope(tenant, body));
		}
		expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		const last = responses[7] as Response;
		expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
		expect(last.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:default;error;security:key:key_quota$/);
		expect(((await last.json()) as { detail: string }).detail).toMatch(/^Sentry dropped data due to a quota/);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const limited = await region
			.select()
			.from(outcomes)
			.where(and(eq(outcomes.projectId, tenant.project.id), eq(outcomes.outcome, "rate_limited")));
		expect(limited).toMatchObject([{ reason: "key_quota", category: "error", quantity: 3 }]);
		await region
			.update(projectKeys)
			.set({ rateLimitCount: null, rateLimitWindow: null })
			.where(eq(projectKeys.id, tenant.key.id));
	});

	it("drops items under a limit-0 quota with no Durable Object call, answering 200 with the header for the rest", async () => {
		const before = (await listDurableObjectIds(env.QUOTA_COUNTER)).length;
		await region
			.update(projects)
			.set({ quotas: [{ categories: ["session"], scope: "organization", limit: 0, reasonCode: "disabled" }] })
			.where(eq(projects.id, tenant.project.id));
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
		forgetProjectConfigs();
		const body = envelopeBody({ event_id: randomHex(16) }, [
			[{ type: "event" }, { message: "kept" }],
			[{ type: "session" }, { sid: "x", init: true }],
		]);
		const partial = await sendEnvelope(tenant, body);
		expect(partial.status).toBe(200);
		expect(partial.headers.get("x-sentry-rate-limits")).toBe("60:session:organization:disabled");
		const onlySession = await sendEnvelope(tenant, envelopeBody({}, [[{ type: "session" }, { sid: "y", init: true }]]));
		expect(onlySession.status).toBe(429);
		expect(onlySession.headers.get("retry-after")).toBe("60");
		expect((await listDurableObjectIds(env.QUOTA_COUNTER)).length).toBe(before);
	});
});
