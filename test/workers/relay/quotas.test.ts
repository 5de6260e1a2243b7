import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { QuotaCounter } from "../../../durable-objects/quota-counter";
import { attachments, events, outcomes, projectKeys, projects, releaseSessions } from "../../../schema/region";
import { randomHex } from "../../../workers/lib/crypto";
import { regionDb } from "../../../workers/lib/db";
import type { EnvelopeItem } from "../../../workers/lib/envelope";
import type { Quota } from "../../../workers/lib/quotas";
import { publishProjectConfigs } from "../../../workers/region/projects/configs";
import { forgetProjectConfigs } from "../../../workers/relay/project-configs";
import { LEASE_SIZE, QuotaLeases } from "../../../workers/relay/quota-check";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant, waitFor } from "../tenant";

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

describe("envelopes against quotas", () => {
	const scope = { organizationId: 77, projectId: 78, keyId: 79 };
	const attachment = (bytes: number): EnvelopeItem => ({
		headers: { type: "attachment" },
		payload: new Uint8Array(bytes),
	});

	it("count attachments in bytes against the attachment quota", async () => {
		const quota: Quota = { id: "b", categories: ["attachment"], scope: "project", limit: 100, window: 3600 };
		const leases = new QuotaLeases();
		const check = (items: EnvelopeItem[]) => leases.check(items, [quota], scope, { namespace: env.QUOTA_COUNTER });
		const big = attachment(60);
		const first = await check([event(), big]);
		expect(first.limited).toEqual([]);
		const over = attachment(60);
		const second = await check([event(), over]);
		expect(second.limited.map(({ item }) => item)).toEqual([over]);
		expect(second.accepted.map((item) => item.headers.type)).toEqual(["event"]);
	});

	it("never limit client reports or items of unknown types", async () => {
		const rejectAll: Quota = { categories: [], scope: "organization", limit: 0, reasonCode: "all" };
		const items: EnvelopeItem[] = [
			{ headers: { type: "client_report" }, payload: new Uint8Array([123, 125]) },
			{ headers: { type: "mystery" }, payload: new Uint8Array([123, 125]) },
			event(),
		];
		const result = await new QuotaLeases().check(items, [rejectAll], scope, { namespace: env.QUOTA_COUNTER });
		expect(result.accepted.map((item) => item.headers.type)).toEqual(["client_report", "mystery"]);
		expect(result.limited.map(({ item }) => item.headers.type)).toEqual(["event"]);
	});

	it("skip quotas Relay cannot enforce, with no Durable Object call", async () => {
		const leases = new QuotaLeases();
		const quotas: Quota[] = [
			{ id: "w", categories: [], scope: "organization", limit: 1 },
			{ categories: [], scope: "organization", limit: 1, window: 60 },
			{ id: "n", categories: [], scope: "organization", limit: null, window: 60 },
			{ categories: ["not_a_category"], scope: "organization", limit: 0 },
		];
		for (let index = 0; index < 3; index++) {
			const result = await leases.check([event()], quotas, scope, { namespace: env.QUOTA_COUNTER });
			expect(result.limited).toEqual([]);
		}
		expect(leases.calls).toBe(0);
	});
});

describe("rate limits at the relay", () => {
	it("answers 429 with Retry-After and X-Sentry-Rate-Limits past a key's limit, and counts rate_limited outcomes", async () => {
		await region
			.update(projectKeys)
			// An hour's window, so that the requests below do not straddle two windows.
			.set({ rateLimitCount: 5, rateLimitWindow: 3600 })
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

/** The project's outcomes, summed: `{"rate_limited/error/key_quota": 3, …}`. */
async function outcomeTotals(projectId: number): Promise<Record<string, number>> {
	const rows = await region.select().from(outcomes).where(eq(outcomes.projectId, projectId));
	const totals: Record<string, number> = {};
	for (const row of rows) {
		const key = [row.outcome, row.category, row.reason].filter(Boolean).join("/");
		totals[key] = (totals[key] ?? 0) + row.quantity;
	}
	return totals;
}

/** Quotas set through the Web API, as a user would (the relay forgets what it remembered of the config). */
async function setQuotas(owner: Tenant, quotas: object[]) {
	const response = await api(`/api/0/projects/${owner.slug}/web/`, owner.token, {
		method: "PUT",
		body: JSON.stringify({ quotas }),
	});
	expect(response.status).toBe(200);
	forgetProjectConfigs();
}

async function setKeyRateLimit(owner: Tenant, rateLimit: { count: number; window: number } | null) {
	const response = await api(`/api/0/projects/${owner.slug}/web/keys/${owner.key.publicKey}/`, owner.token, {
		method: "PUT",
		body: JSON.stringify({ rateLimit }),
	});
	expect(response.status).toBe(200);
	forgetProjectConfigs();
}

const quotaCounterCalls = async () =>
	(
		(await (await exports.default.fetch("http://127.0.0.1:8787/api/relay/stats/")).json()) as {
			quotaCounterCalls: number;
		}
	).quotaCounterCalls;

const storedEventIds = async (projectId: number) =>
	(await region.select({ eventId: events.eventId }).from(events).where(eq(events.projectId, projectId))).map(
		(row) => row.eventId,
	);

describe("what a quota drops is never stored", () => {
	let owner: Tenant;
	beforeAll(async () => {
		owner = await createTenant("quota-drops");
		await setQuotas(owner, [
			{ id: "e", categories: ["error"], scope: "project", limit: 1, window: 3600, reasonCode: "project_quota" },
		]);
	});

	it("stores the session of an envelope whose event is over quota, and not the event", async () => {
		const session = (sid: string) =>
			[{ type: "session" }, { sid, init: true, started: new Date().toISOString(), attrs: { release: "drops@1" } }] as [
				object,
				object,
			];
		const first = randomHex(16);
		const kept = await sendEnvelope(
			owner,
			envelopeBody({ event_id: first }, [[{ type: "event" }, { message: "first" }], session(crypto.randomUUID())]),
		);
		expect(kept.status).toBe(200);
		expect(kept.headers.get("x-sentry-rate-limits")).toBeNull();
		const second = randomHex(16);
		const partial = await sendEnvelope(
			owner,
			envelopeBody({ event_id: second }, [[{ type: "event" }, { message: "second" }], session(crypto.randomUUID())]),
		);
		expect(partial.status).toBe(200);
		expect(partial.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:error:project:project_quota$/);

		await storedEvent(owner, first);
		await waitFor(
			"the sessions were not stored",
			() => region.select().from(releaseSessions).where(eq(releaseSessions.release, "drops@1")),
			(rows) => rows.reduce((sum, row) => sum + row.started, 0) === 2,
		);
		const totals = await waitFor(
			"the outcomes were not counted",
			() => outcomeTotals(owner.project.id),
			(counted) => counted["rate_limited/error/project_quota"] === 1 && counted["accepted/session"] === 2,
		);
		expect(totals["accepted/error"]).toBe(1);
		expect(await storedEventIds(owner.project.id)).toEqual([first]);
	});

	it("answers 429 when only a client report is left, and still counts the report", async () => {
		const response = await sendEnvelope(
			owner,
			envelopeBody({ event_id: randomHex(16) }, [
				[{ type: "event" }, { message: "third" }],
				[{ type: "client_report" }, { discarded_events: [{ reason: "sample_rate", category: "error", quantity: 4 }] }],
			]),
		);
		expect(response.status).toBe(429);
		expect(response.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:error:project:project_quota$/);
		expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
		await waitFor(
			"the client report was not counted",
			() => outcomeTotals(owner.project.id),
			(counted) =>
				counted["client_discard/error/sample_rate"] === 4 && counted["rate_limited/error/project_quota"] === 2,
		);
		expect(await storedEventIds(owner.project.id)).toHaveLength(1);
	});
});

describe("accuracy through the relay, with quotas set through the Web API", () => {
	const LIMIT = 100;
	let owner: Tenant;
	let statuses: number[];

	beforeAll(async () => {
		owner = await createTenant("quota-accuracy");
		await setQuotas(owner, [
			{ id: "p", categories: ["error"], scope: "project", limit: LIMIT, window: 3600, reasonCode: "project_quota" },
		]);
		await setKeyRateLimit(owner, { count: 150, window: 3600 });
	});

	it("accepts at most the limit from many concurrent senders, and stores exactly what it answered 200 for", async () => {
		const send = () =>
			sendEnvelope(
				owner,
				envelopeBody({ event_id: randomHex(16) }, [[{ type: "event" }, { message: "concurrent" }]]),
			).then((response) => response.status);
		// 20 senders, 15 envelopes each, all in flight at once.
		statuses = (
			await Promise.all(
				Array.from({ length: 20 }, async () => {
					const mine: number[] = [];
					for (let index = 0; index < 15; index++) mine.push(await send());
					return mine;
				}),
			)
		).flat();
		const ok = statuses.filter((status) => status === 200).length;
		const limited = statuses.filter((status) => status === 429).length;
		expect(ok + limited).toBe(300);
		expect(ok).toBeLessThanOrEqual(Math.max(LIMIT * 1.01, LIMIT + 10));
		expect(ok).toBeGreaterThanOrEqual(LIMIT * 0.9);
		const totals = await waitFor(
			"the outcomes of every envelope were not counted",
			() => outcomeTotals(owner.project.id),
			(counted) => counted["accepted/error"] === ok && counted["rate_limited/error/project_quota"] === limited,
			20_000,
		);
		expect(totals).toEqual({ "accepted/error": ok, "rate_limited/error/project_quota": limited });
		expect(await storedEventIds(owner.project.id)).toHaveLength(ok);
	}, 60_000);

	it("answers traffic it knows to be limited with no QuotaCounter call at all", async () => {
		const before = await quotaCounterCalls();
		for (let index = 0; index < 20; index++) {
			const response = await sendEnvelope(
				owner,
				envelopeBody({ event_id: randomHex(16) }, [[{ type: "event" }, { message: "known limited" }]]),
			);
			expect(response.status).toBe(429);
		}
		expect(await quotaCounterCalls()).toBe(before);
	});

	it("enforces a key rate limit set through the Web API, and lifts it when unset", async () => {
		await setQuotas(owner, []);
		// A window the accuracy test above has not used, long enough not to end between the requests.
		await setKeyRateLimit(owner, { count: 2, window: 7200 });
		const send = () =>
			sendEnvelope(owner, envelopeBody({ event_id: randomHex(16) }, [[{ type: "event" }, { message: "key" }]]));
		const [first, second, third] = [await send(), await send(), await send()];
		expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
		expect(third.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:default;error;security:key:key_quota$/);
		await setKeyRateLimit(owner, null);
		expect((await send()).status).toBe(200);
	});
});

describe("attachments", () => {
	let owner: Tenant;
	const attachmentQuota = {
		id: "a",
		categories: ["attachment"],
		scope: "project",
		limit: 100,
		window: 3600,
		reasonCode: "attachment_quota",
	};
	const storedAttachments = (eventId: string) =>
		region
			.select()
			.from(attachments)
			.where(and(eq(attachments.projectId, owner.project.id), eq(attachments.eventId, eventId)));
	const withAttachment = (eventId: string, bytes: number) =>
		envelopeBody({ event_id: eventId }, [
			[{ type: "event" }, { message: "with attachment" }],
			[{ type: "attachment", filename: "log.txt" }, "x".repeat(bytes)],
		]);

	beforeAll(async () => {
		owner = await createTenant("quota-attachments");
	});

	it("counts attachments in bytes, dropping only the attachments past the quota", async () => {
		await setQuotas(owner, [attachmentQuota]);
		const first = randomHex(16);
		const kept = await sendEnvelope(owner, withAttachment(first, 60));
		expect(kept.status).toBe(200);
		expect(kept.headers.get("x-sentry-rate-limits")).toBeNull();
		const second = randomHex(16);
		const partial = await sendEnvelope(owner, withAttachment(second, 60));
		expect(partial.status).toBe(200);
		expect(partial.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:attachment:project:attachment_quota$/);
		await storedEvent(owner, first);
		await storedEvent(owner, second);
		expect(await storedAttachments(first)).toMatchObject([{ name: "log.txt", size: 60 }]);
		expect(await storedAttachments(second)).toEqual([]);
		await waitFor(
			"the attachment outcomes were not counted in bytes",
			() => outcomeTotals(owner.project.id),
			(counted) => counted["accepted/attachment"] === 60 && counted["rate_limited/attachment/attachment_quota"] === 60,
		);
	});

	it("drops the attachments of a limited event with the event's reason, without checking their quota", async () => {
		await setQuotas(owner, [
			{ categories: ["error"], scope: "project", limit: 0, reasonCode: "no_errors" },
			{ ...attachmentQuota, id: "a2" },
		]);
		const calls = await quotaCounterCalls();
		const response = await sendEnvelope(owner, withAttachment(randomHex(16), 10));
		expect(response.status).toBe(429);
		expect(response.headers.get("x-sentry-rate-limits")).toBe("60:error:project:no_errors");
		expect(await quotaCounterCalls()).toBe(calls);
		await waitFor(
			"the event and its attachment were not counted as rate limited",
			() => outcomeTotals(owner.project.id),
			(counted) => counted["rate_limited/error/no_errors"] === 1 && counted["rate_limited/attachment/no_errors"] === 10,
		);
	});
});

describe("rate limits on the other ingest endpoints", () => {
	let owner: Tenant;
	const minidump = () => {
		const form = new FormData();
		form.append("upload_file_minidump", new Blob([new TextEncoder().encode("MDMP\u0000\u0001rest")]), "crash.dmp");
		form.append("log", new Blob(["twelve bytes"]), "log.txt");
		return exports.default.fetch(
			`http://127.0.0.1:8787/api/${owner.project.id}/minidump/?sentry_key=${owner.key.publicKey}`,
			{ method: "POST", body: form },
		);
	};

	beforeAll(async () => {
		owner = await createTenant("quota-endpoints");
	});

	it("/minidump/ keeps the dump, drops other attachments, and never answers 429", async () => {
		await setQuotas(owner, [{ categories: ["attachment"], scope: "project", limit: 0, reasonCode: "no_attachments" }]);
		const partial = await minidump();
		expect(partial.status).toBe(200);
		expect(partial.headers.get("x-sentry-rate-limits")).toBe("60:attachment:project:no_attachments");
		const eventId = (await partial.text()).replace(/-/g, "");
		await storedEvent(owner, eventId);
		const kept = await region
			.select()
			.from(attachments)
			.where(and(eq(attachments.projectId, owner.project.id), eq(attachments.eventId, eventId)));
		expect(kept.map((row) => row.attachmentType)).toEqual(["event.minidump"]);

		await setQuotas(owner, [{ categories: ["error"], scope: "project", limit: 0, reasonCode: "no_errors" }]);
		const limited = await minidump();
		expect(limited.status).toBe(200);
		expect(limited.headers.get("x-sentry-rate-limits")).toBe("60:error:project:no_errors");
		expect(await limited.text()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	});

	it("/store/ sets the header on a partial 200 and answers 429 when all is limited", async () => {
		await setQuotas(owner, [{ categories: ["session"], scope: "project", limit: 0, reasonCode: "no_sessions" }]);
		const store = (body: string, contentType: string) =>
			exports.default.fetch(`http://127.0.0.1:8787/api/${owner.project.id}/store/`, {
				method: "POST",
				headers: {
					"x-sentry-auth": `Sentry sentry_key=${owner.key.publicKey}, sentry_version=7`,
					"content-type": contentType,
				},
				body,
			});
		const eventId = randomHex(16);
		const partial = await store(
			envelopeBody({ event_id: eventId }, [
				[{ type: "event" }, { message: "stored" }],
				[{ type: "session" }, { sid: "s", init: true }],
			]),
			"application/x-sentry-envelope",
		);
		expect(partial.status).toBe(200);
		expect(partial.headers.get("x-sentry-rate-limits")).toBe("60:session:project:no_sessions");
		expect(await partial.json()).toEqual({ id: eventId });

		await setQuotas(owner, [{ categories: ["error"], scope: "project", limit: 0, reasonCode: "no_errors" }]);
		const limited = await store(JSON.stringify({ message: "limited" }), "application/json");
		expect(limited.status).toBe(429);
		expect(limited.headers.get("retry-after")).toBe("60");
		expect(limited.headers.get("x-sentry-rate-limits")).toBe("60:error:project:no_errors");
	});

	it("/security/ answers 429 with the header when its report is limited", async () => {
		await setQuotas(owner, [{ categories: ["security"], scope: "project", limit: 0, reasonCode: "no_reports" }]);
		const response = await exports.default.fetch(
			`http://127.0.0.1:8787/api/${owner.project.id}/security/?sentry_key=${owner.key.publicKey}`,
			{
				method: "POST",
				headers: { "content-type": "application/csp-report" },
				body: JSON.stringify({
					"csp-report": { "document-uri": "https://app.example.com/", "blocked-uri": "https://evil.test/x.js" },
				}),
			},
		);
		expect(response.status).toBe(429);
		expect(response.headers.get("x-sentry-rate-limits")).toBe("60:security:project:no_reports");
	});
});
