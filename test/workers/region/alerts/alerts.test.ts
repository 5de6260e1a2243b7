/**
 * Alerts end to end inside workerd: events go through the ingest consumer, the post-process
 * consumer and the alert job consumer (called directly, each stage's sent messages handed to the
 * next), and webhooks arrive at a real Node receiver (test/helpers/webhook-receiver-setup.ts).
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { users } from "../../../../schema/control";
import { alertDeliveries, alertRuleFires, groups } from "../../../../schema/region";
import { createApiToken } from "../../../../workers/control/api-tokens";
import { hmacSha256Hex, randomHex } from "../../../../workers/lib/crypto";
import { controlDb, regionDb } from "../../../../workers/lib/db";
import type { IngestEnvelopeMessage } from "../../../../workers/lib/messages";
import { monolithApp } from "../../../../workers/monolith";
import { consumeAlertJobs, MAX_ATTEMPTS } from "../../../../workers/region/alerts/jobs";
import { consumePostProcessBatch } from "../../../../workers/region/alerts/post-process";
import {
	EMAIL_ACTION,
	EVENT_FREQUENCY,
	FIRST_SEEN,
	LEVEL_FILTER,
	REGRESSION,
	TAGGED_EVENT_FILTER,
	WEBHOOK_ACTION,
} from "../../../../workers/region/alerts/rules";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { CapturingQueue, overloadedD1, runConsumer } from "../../consumers";
import { api, createTenant, envelopeBody, queueMessage, sendEnvelope, type Tenant } from "../../tenant";

const receiver = inject("webhookReceiver");
const region = regionDb("MONOLITH", env.REGION_DB);
const encoder = new TextEncoder();
let tenant: Tenant;
let stranger: Tenant;

interface EventSpec {
	value: string;
	level?: string;
	environment?: string;
	tags?: Record<string, string>;
}

function ingestMessage({ value, level = "error", environment, tags }: EventSpec): IngestEnvelopeMessage {
	const eventId = randomHex(16);
	const payload = {
		level,
		environment,
		tags,
		exception: {
			values: [
				{
					type: "Error",
					value,
					stacktrace: { frames: [{ module: "app", function: value.replace(/\W/g, "_"), in_app: true }] },
				},
			],
		},
	};
	const envelope = {
		headers: {},
		items: [{ headers: { type: "event" }, payload: encoder.encode(JSON.stringify(payload)) }],
	};
	return queueMessage(tenant, envelope, eventId);
}

/** Ingest → post-process → alert jobs, each stage fed the messages the one before it sent. */
async function pipeline(specs: EventSpec[], overrides: Partial<Cloudflare.Env> = {}) {
	const postprocess = new CapturingQueue();
	const alerts = new CapturingQueue();
	const environment = {
		...env,
		POSTPROCESS_QUEUE: postprocess.binding,
		ALERTS_QUEUE: alerts.binding,
		...overrides,
	};
	const ingest = specs.map(ingestMessage);
	await runConsumer(consumeRegionQueue, "ingest-us", ingest, environment);
	const postProcessResult = await runConsumer(
		consumePostProcessBatch,
		"postprocess-us",
		postprocess.bodies,
		environment,
	);
	const jobResult = await runConsumer(consumeAlertJobs, "alerts-us", alerts.bodies, environment);
	return {
		environment,
		ingest,
		eventIds: ingest.map((message) => message.eventId),
		postProcessMessages: postprocess.bodies,
		jobs: alerts.bodies,
		postProcessResult,
		jobResult,
	};
}

const hookPath = () => `/hook/${randomHex(8)}/`;
const webhook = (path: string) => ({ id: WEBHOOK_ACTION, service: "webhooks", url: `${receiver}${path}` });

interface Received {
	path: string;
	headers: Record<string, string>;
	body: string;
}
const received = async (path: string): Promise<Received[]> =>
	(await fetch(`${receiver}/_requests?prefix=${encodeURIComponent(path)}`)).json();

interface RuleJson {
	id: string;
	webhookSecret: string;
	[key: string]: unknown;
}

async function createRule(rule: Record<string, unknown>, as: Tenant = tenant): Promise<RuleJson> {
	const response = await api(`/api/0/projects/${as.slug}/web/rules/`, as.token, {
		method: "POST",
		body: JSON.stringify({ actionMatch: "all", filterMatch: "all", frequency: 5, name: "a rule", ...rule }),
	});
	expect(response.status, await response.clone().text()).toBe(200);
	return response.json();
}

async function deleteRule(rule: RuleJson) {
	expect(
		(await api(`/api/0/projects/${tenant.slug}/web/rules/${rule.id}/`, tenant.token, { method: "DELETE" })).status,
	).toBe(202);
}

const firesOf = (rule: RuleJson) =>
	region
		.select()
		.from(alertRuleFires)
		.where(eq(alertRuleFires.ruleId, Number(rule.id)));

const deliveriesOf = async (rule: RuleJson) =>
	(
		await region
			.select()
			.from(alertDeliveries)
			.innerJoin(alertRuleFires, eq(alertRuleFires.id, alertDeliveries.fireId))
			.where(eq(alertRuleFires.ruleId, Number(rule.id)))
	).map((row) => row.alert_deliveries);

beforeAll(async () => {
	tenant = await createTenant("alerting");
	stranger = await createTenant("stranger");
});

describe("alert conditions", () => {
	it("a new issue: fires once, with a webhook the receiver can verify", async () => {
		const path = hookPath();
		const rule = await createRule({ name: "New issue", conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const first = await pipeline([{ value: "brand new problem" }]);
		await pipeline([{ value: "brand new problem" }]);
		const [request, ...more] = await received(path);
		expect(more).toEqual([]);
		expect(request?.headers).toMatchObject({
			"content-type": "application/json",
			"sentry-hook-resource": "event_alert",
		});
		expect(request?.headers["sentry-hook-signature"]).toBe(
			await hmacSha256Hex(rule.webhookSecret, request?.body ?? ""),
		);
		const [delivery] = await deliveriesOf(rule);
		expect(request?.headers["request-id"]).toBe(String(delivery?.id));
		const body = JSON.parse(request?.body ?? "{}");
		expect(body).toMatchObject({
			action: "triggered",
			actor: { type: "application", id: "sentry", name: "Sentry" },
			data: {
				triggered_rule: "New issue",
				issue_alert: { title: "New issue", settings: [] },
				event: {
					event_id: first.eventIds[0],
					title: "Error: brand new problem",
					issue_id: expect.any(String),
					url: expect.stringContaining(`/api/0/projects/${tenant.slug}/web/events/${first.eventIds[0]}/`),
					web_url: expect.stringContaining(`/organizations/${tenant.slug}/issues/`),
					issue_url: expect.stringContaining(`/api/0/organizations/${tenant.slug}/issues/`),
				},
			},
		});
		expect(body.installation.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		await deleteRule(rule);
	});

	it("a regression: fires when a resolved issue is seen again, not before", async () => {
		const path = hookPath();
		const rule = await createRule({ conditions: [{ id: REGRESSION }], actions: [webhook(path)] });
		const first = await pipeline([{ value: "comes back later" }]);
		expect(await received(path)).toEqual([]);
		const [issue] = await region.select().from(groups).where(eq(groups.title, "Error: comes back later"));
		const resolve = await api(`/api/0/organizations/${tenant.slug}/issues/${issue?.id}/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({ status: "resolved" }),
		});
		expect(resolve.status).toBe(200);
		const again = await pipeline([{ value: "comes back later" }]);
		expect(again.postProcessMessages).toMatchObject([{ regression: true, newIssue: false }]);
		expect(first.postProcessMessages).toMatchObject([{ regression: false, newIssue: true }]);
		expect(await received(path)).toHaveLength(1);
		expect((await firesOf(rule)).map((fire) => fire.eventId)).toEqual(again.eventIds);
		await deleteRule(rule);
	});

	it("seen more than N times in an interval: fires on the event that crosses N", async () => {
		const path = hookPath();
		const rule = await createRule({
			conditions: [{ id: EVENT_FREQUENCY, value: 2, interval: "1h", comparisonType: "count" }],
			actions: [webhook(path)],
		});
		const runs = [];
		for (let index = 0; index < 4; index++) runs.push(await pipeline([{ value: "happens a lot" }]));
		// The third event crosses 2; the fourth is within the rule's 5-minute action interval.
		expect((await firesOf(rule)).map((fire) => fire.eventId)).toEqual(runs[2]?.eventIds);
		expect(await received(path)).toHaveLength(1);
		await deleteRule(rule);
	});
});

describe("alert filters and the action interval", () => {
	it("filters on the event's level", async () => {
		const rule = await createRule({
			conditions: [{ id: FIRST_SEEN }],
			filters: [{ id: LEVEL_FILTER, match: "gte", level: "40" }],
			actions: [webhook(hookPath())],
		});
		const warning = await pipeline([{ value: "only a warning", level: "warning" }]);
		const fatal = await pipeline([{ value: "really fatal", level: "fatal" }]);
		expect((await firesOf(rule)).map((fire) => fire.eventId)).toEqual(fatal.eventIds);
		expect(warning.jobs).toEqual([]);
		await deleteRule(rule);
	});

	it("filters on the event's tags and the rule's environment", async () => {
		const rule = await createRule({
			conditions: [{ id: FIRST_SEEN }],
			filters: [{ id: TAGGED_EVENT_FILTER, key: "customer", match: "eq", value: "ACME" }],
			environment: "production",
			actions: [webhook(hookPath())],
		});
		const otherCustomer = await pipeline([
			{ value: "tagged other", environment: "production", tags: { customer: "globex" } },
		]);
		const otherEnvironment = await pipeline([
			{ value: "tagged staging", environment: "staging", tags: { customer: "acme" } },
		]);
		const matching = await pipeline([{ value: "tagged acme", environment: "production", tags: { customer: "acme" } }]);
		expect((await firesOf(rule)).map((fire) => fire.eventId)).toEqual(matching.eventIds);
		expect([...otherCustomer.jobs, ...otherEnvironment.jobs]).toEqual([]);
		await deleteRule(rule);
	});

	it("fires at most once per issue within the action interval, but for each issue", async () => {
		const rule = await createRule({
			conditions: [{ id: EVENT_FREQUENCY, value: 0, interval: "1m" }],
			frequency: 30,
			actions: [webhook(hookPath())],
		});
		const first = await pipeline([{ value: "noisy one" }]);
		await pipeline([{ value: "noisy one" }, { value: "noisy one" }]);
		const other = await pipeline([{ value: "noisy two" }]);
		expect((await firesOf(rule)).map((fire) => fire.eventId).sort()).toEqual(
			[...first.eventIds, ...other.eventIds].sort(),
		);
		await deleteRule(rule);
	});
});

describe("alert delivery", () => {
	it("a redelivered ingest, post-process or job message fires nothing twice", async () => {
		const path = hookPath();
		const rule = await createRule({ conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const run = await pipeline([{ value: "delivered twice" }]);
		expect(run.jobResult.explicitAcks).toEqual(["m0"]);

		// The ingest batch again: already stored, but its post-process message is sent again.
		const postprocess = new CapturingQueue();
		const again = { ...run.environment, POSTPROCESS_QUEUE: postprocess.binding };
		const ingestResult = await runConsumer(consumeRegionQueue, "ingest-us", run.ingest, again);
		expect(ingestResult.explicitAcks).toEqual(["m0"]);
		expect(postprocess.bodies).toEqual(run.postProcessMessages);

		// The post-process message again: no second fire, and no job for a delivery already sent.
		const alerts = new CapturingQueue();
		const result = await runConsumer(consumePostProcessBatch, "postprocess-us", run.postProcessMessages, {
			...run.environment,
			ALERTS_QUEUE: alerts.binding,
		});
		expect(result.explicitAcks).toEqual(["m0"]);
		expect(alerts.bodies).toEqual([]);
		expect(await firesOf(rule)).toHaveLength(1);

		// The job again: its delivery is already sent, so the receiver sees one request.
		const jobAgain = await runConsumer(consumeAlertJobs, "alerts-us", run.jobs, run.environment);
		expect(jobAgain.explicitAcks).toEqual(["m0"]);
		expect(await received(path)).toHaveLength(1);
		await deleteRule(rule);
	});

	it("a D1 outage in the post-process and alert job consumers retries their messages; the retries fire once", async () => {
		const path = hookPath();
		const rule = await createRule({ conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const postprocess = new CapturingQueue();
		const alerts = new CapturingQueue();
		const healthy = {
			...env,
			POSTPROCESS_QUEUE: postprocess.binding,
			ALERTS_QUEUE: alerts.binding,
		};
		const outage = { ...healthy, REGION_DB: overloadedD1(env.REGION_DB) };
		await runConsumer(consumeRegionQueue, "ingest-us", [ingestMessage({ value: "during a D1 outage" })], healthy);

		const failed = await runConsumer(consumePostProcessBatch, "postprocess-us", postprocess.bodies, outage);
		expect(failed.retryMessages).toEqual([{ msgId: "m0" }]);
		expect(await firesOf(rule)).toEqual([]);
		const retried = await runConsumer(consumePostProcessBatch, "postprocess-us", postprocess.bodies, healthy);
		expect(retried.explicitAcks).toEqual(["m0"]);
		expect(await firesOf(rule)).toHaveLength(1);

		const jobFailed = await runConsumer(consumeAlertJobs, "alerts-us", alerts.bodies, outage);
		expect(jobFailed.retryMessages).toEqual([{ msgId: "m0" }]);
		expect(await received(path)).toEqual([]);
		// The job's claim lapses before its retry is delivered (the retry waits out the lease).
		expect(jobFailed.retryDelays[0]).toBeGreaterThan(0);
		const jobRetried = await runConsumer(consumeAlertJobs, "alerts-us", alerts.bodies, healthy);
		expect(jobRetried.explicitAcks).toEqual(["m0"]);
		expect(await received(path)).toHaveLength(1);
		expect((await deliveriesOf(rule)).map((delivery) => delivery.status)).toEqual(["sent"]);
		await deleteRule(rule);
	});

	it("retries a failing webhook with backoff, with one Request-ID, then records it as failed", async () => {
		const path = `/status/500/${randomHex(8)}/`;
		const rule = await createRule({ conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const run = await pipeline([{ value: "receiver is down" }]);
		const delays = [...run.jobResult.retryDelays];
		for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
			const result = await runConsumer(consumeAlertJobs, "alerts-us", run.jobs, run.environment);
			if (attempt < MAX_ATTEMPTS) delays.push(...result.retryDelays);
			else expect(result.explicitAcks).toEqual(["m0"]);
		}
		expect(delays).toEqual([2, 4, 8, 16]);
		const requests = await received(path);
		expect(requests).toHaveLength(MAX_ATTEMPTS);
		expect(new Set(requests.map((request) => request.headers["request-id"])).size).toBe(1);

		const history = await api(`/api/0/projects/${tenant.slug}/web/rules/${rule.id}/fire-history/`, tenant.token);
		expect(await history.json()).toMatchObject([
			{
				eventId: run.eventIds[0],
				deliveries: [
					{ status: "failed", attempts: MAX_ATTEMPTS, responseStatus: 500, lastError: "the webhook answered 500" },
				],
			},
		]);
		// A job redelivered after the last attempt changes nothing.
		expect((await runConsumer(consumeAlertJobs, "alerts-us", run.jobs, run.environment)).explicitAcks).toEqual(["m0"]);
		expect(await received(path)).toHaveLength(MAX_ATTEMPTS);
		await deleteRule(rule);
	});

	it("refuses private addresses when ALERTS_ALLOW_PRIVATE_WEBHOOKS is off", async () => {
		const path = hookPath();
		const rule = await createRule({ conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const strict = { ALERTS_ALLOW_PRIVATE_WEBHOOKS: "false" };
		const run = await pipeline([{ value: "private receiver" }], strict);
		expect(run.jobResult.retryMessages).toHaveLength(1);
		const [delivery] = await deliveriesOf(rule);
		expect(delivery?.status).toBe("retrying");
		expect(delivery?.lastError).toMatch(/private, loopback or link-local/);
		expect(await received(path)).toEqual([]);

		const ctx = createExecutionContext();
		for (const url of [
			"http://127.0.0.1:9/",
			"http://10.1.2.3/",
			"http://[::1]/",
			"http://metadata.internal/",
			"http://169.254.169.254/",
		]) {
			const response = await monolithApp.fetch(
				new Request(`http://127.0.0.1:8787/api/0/projects/${tenant.slug}/web/rules/`, {
					method: "POST",
					headers: { "content-type": "application/json", authorization: `Bearer ${tenant.token}` },
					body: JSON.stringify({
						name: "private",
						actionMatch: "all",
						frequency: 5,
						conditions: [{ id: FIRST_SEEN }],
						actions: [{ id: WEBHOOK_ACTION, service: "webhooks", url }],
					}),
				}),
				{ ...env, ...strict },
				ctx,
			);
			expect(response.status, url).toBe(400);
			expect(((await response.json()) as { detail: string }).detail).toMatch(/^actions\[0\]\.url: may not target/);
		}
		await deleteRule(rule);
	});

	it("sends e-mail through the send_email binding", async () => {
		const rule = await createRule({
			conditions: [{ id: FIRST_SEEN }],
			actions: [{ id: EMAIL_ACTION, targetType: "Email", targetIdentifier: "oncall@example.com" }],
		});
		const run = await pipeline([{ value: "mail me" }]);
		expect(run.jobResult.explicitAcks).toEqual(["m0"]);
		const history = await api(`/api/0/projects/${tenant.slug}/web/rules/${rule.id}/fire-history/`, tenant.token);
		expect(await history.json()).toMatchObject([{ deliveries: [{ status: "sent", attempts: 1, lastError: null }] }]);
		await deleteRule(rule);
	});

	it("through the real queues: an envelope sent to the relay reaches the webhook receiver", async () => {
		const path = hookPath();
		const rule = await createRule({ conditions: [{ id: FIRST_SEEN }], actions: [webhook(path)] });
		const eventId = randomHex(16);
		const body = envelopeBody({ event_id: eventId }, [
			[{ type: "event" }, { exception: { values: [{ type: "Error", value: "through every queue" }] } }],
		]);
		expect((await sendEnvelope(tenant, body)).status).toBe(200);
		const deadline = Date.now() + 10_000;
		let requests: Received[] = [];
		while (!requests.length && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			requests = await received(path);
		}
		expect(JSON.parse(requests[0]?.body ?? "{}").data.event.event_id).toBe(eventId);
		const groupHistory = await api(`/api/0/projects/${tenant.slug}/web/rules/${rule.id}/group-history/`, tenant.token);
		expect(await groupHistory.json()).toMatchObject([
			{ group: { id: expect.any(String), title: "Error: through every queue" }, count: 1, eventId },
		]);
		await deleteRule(rule);
	});
});

describe("the rules API", () => {
	const rulesPath = (as: Tenant) => `/api/0/projects/${as.slug}/web/rules/`;
	const valid = {
		name: "Valid",
		actionMatch: "any",
		frequency: 30,
		conditions: [{ id: FIRST_SEEN }, { id: EVENT_FREQUENCY, value: 100, interval: "1d" }],
		actions: [webhook("/hook/api/")],
	};

	it("creates, lists, updates and deletes rules in Sentry's shape", async () => {
		const rule = await createRule(valid);
		expect(rule).toMatchObject({
			name: "Valid",
			actionMatch: "any",
			filterMatch: "all",
			frequency: 30,
			environment: null,
			projects: ["web"],
			status: "active",
			conditions: [
				{ id: FIRST_SEEN, name: "A new issue is created" },
				{ id: EVENT_FREQUENCY, value: 100, interval: "1d", name: "The issue is seen more than 100 times in 1d" },
			],
			filters: [],
		});
		expect(rule.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
		const list = await (await api(rulesPath(tenant), tenant.token)).json();
		expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ id: rule.id })]));
		const update = await api(`${rulesPath(tenant)}${rule.id}/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({ ...valid, name: "Renamed", environment: "production" }),
		});
		expect(await update.json()).toMatchObject({ id: rule.id, name: "Renamed", environment: "production" });
		expect(await (await api(`${rulesPath(tenant)}${rule.id}/`, tenant.token)).json()).toMatchObject({
			name: "Renamed",
		});
		await deleteRule(rule);
		expect((await api(`${rulesPath(tenant)}${rule.id}/`, tenant.token)).status).toBe(404);
	});

	it.each([
		["no actions", { ...valid, actions: [] }],
		["an unknown condition", { ...valid, conditions: [{ id: "sentry.rules.conditions.nope" }] }],
		["a frequency below five minutes", { ...valid, frequency: 1 }],
		["an unknown interval", { ...valid, conditions: [{ id: EVENT_FREQUENCY, value: 1, interval: "2h" }] }],
		["a level that is not Sentry's", { ...valid, filters: [{ id: LEVEL_FILTER, match: "eq", level: "error" }] }],
		["a webhook that is not http", { ...valid, actions: [{ ...webhook(""), url: "ftp://example.com/" }] }],
		[
			"an e-mail to a member",
			{ ...valid, actions: [{ id: EMAIL_ACTION, targetType: "Member", targetIdentifier: "1" }] },
		],
	])("answers 400 with a detail for %s", async (_, body) => {
		const response = await api(rulesPath(tenant), tenant.token, { method: "POST", body: JSON.stringify(body) });
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toBeTruthy();
	});

	it("answers 404 to another organization's token, and 403 without a read or write scope", async () => {
		const rule = await createRule(valid);
		const path = `${rulesPath(tenant)}${rule.id}/`;
		for (const [method, target] of [
			["GET", rulesPath(tenant)],
			["POST", rulesPath(tenant)],
			["GET", path],
			["PUT", path],
			["DELETE", path],
			["GET", `${path}group-history/`],
			["GET", `${path}fire-history/`],
		] as const) {
			const response = await api(target, stranger.token, {
				method,
				...(method === "POST" || method === "PUT" ? { body: JSON.stringify(valid) } : {}),
			});
			expect(response.status, `${method} ${target}`).toBe(404);
		}
		// The stranger's own project does not have the rule either.
		expect((await api(`${rulesPath(stranger)}${rule.id}/`, stranger.token)).status).toBe(404);

		const control = controlDb("MONOLITH", env.CONTROL_DB);
		const owner = await control.query.users.findFirst({ where: eq(users.email, `${tenant.slug}@example.com`) });
		const orgOnly = await createApiToken(control, owner?.id ?? 0, { scopes: ["org:read"] });
		expect((await api(rulesPath(tenant), orgOnly)).status).toBe(403);
		const alertsReader = await createApiToken(control, owner?.id ?? 0, { scopes: ["alerts:read"] });
		const read = await api(`${rulesPath(tenant)}${rule.id}/`, alertsReader);
		expect(read.status).toBe(200);
		expect(await read.json()).not.toHaveProperty("webhookSecret");
		const write = await api(rulesPath(tenant), alertsReader, { method: "POST", body: JSON.stringify(valid) });
		expect(write.status).toBe(403);
		await deleteRule(rule);
	});
});
