import { env, exports } from "cloudflare:workers";
import { gzipSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, outcomes, projectKeys, projects } from "../../../schema/region";
import { randomHex } from "../../../workers/lib/crypto";
import { regionDb } from "../../../workers/lib/db";
import { monolithApp } from "../../../workers/monolith";
import { publishProjectConfigs } from "../../../workers/region/projects/configs";
import { forgetProjectConfigs } from "../../../workers/relay/project-configs";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);
const errorEnvelope = (eventId: string, value = "boom", extra: object = {}) =>
	envelopeBody({ event_id: eventId, sent_at: new Date().toISOString() }, [
		[
			{ type: "event" },
			{
				exception: {
					values: [
						{
							type: "TypeError",
							value,
							stacktrace: { frames: [{ function: "handler", module: "app", in_app: true }] },
						},
					],
				},
				release: "web@1.0",
				...extra,
			},
		],
	]);

/** Waits for the queue consumer: polls the Web API until an issue matching `query` exists. */
async function issueMatching(query: string, timeoutMs = 5000): Promise<{ id: string; title: string }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await api(`/api/0/projects/ingest/web/issues/?query=${encodeURIComponent(query)}`, tenant.token);
		const [issue] = (await response.json()) as { id: string; title: string }[];
		if (issue) return issue;
		if (Date.now() > deadline) throw new Error(`no issue matches ${query}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

async function updateProject(changes: Partial<typeof projects.$inferInsert>) {
	if (Object.keys(changes).length) await region.update(projects).set(changes).where(eq(projects.id, tenant.project.id));
	await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
	forgetProjectConfigs();
}

beforeAll(async () => {
	tenant = await createTenant("ingest");
});

describe("POST /api/<project>/envelope/", () => {
	it("answers {id} and the event becomes readable through the Web API", async () => {
		const eventId = randomHex(16);
		const response = await sendEnvelope(tenant, errorEnvelope(eventId));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ id: eventId });
		expect(response.headers.get("access-control-allow-origin")).toBe("*");
		const event = await storedEvent(tenant, eventId);
		expect(event).toMatchObject({ eventID: eventId, title: "TypeError: boom", release: { version: "web@1.0" } });
	});

	it("accepts hyphenated event ids, gzip bodies, and auth from the envelope's dsn header", async () => {
		const eventId = randomHex(16);
		const hyphenated = eventId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
		const dsn = `http://${tenant.key.publicKey}@127.0.0.1:8787/${tenant.project.id}`;
		const body = envelopeBody({ event_id: hyphenated, dsn }, [[{ type: "event" }, { message: "zipped" }]]);
		const response = await sendEnvelope(tenant, gzipSync(body), { headers: { "content-encoding": "gzip" } }, "");
		expect(await response.json()).toEqual({ id: eventId });
		expect(await storedEvent(tenant, eventId)).toMatchObject({ title: "zipped" });
	});

	it("answers OPTIONS with CORS for browser SDKs, and errors carry CORS too", async () => {
		const preflight = await exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/envelope/`, {
			method: "OPTIONS",
		});
		expect(preflight.status).toBe(200);
		expect(preflight.headers.get("access-control-expose-headers")).toContain("x-sentry-rate-limits");
		const denied = await sendEnvelope(tenant, "{}", {}, "");
		expect(denied.headers.get("access-control-allow-origin")).toBe("*");
	});

	it.each([
		["no auth", "", {}, 401, "missing authorization information"],
		[
			"two auth sources",
			"sentry_key=KEY",
			{ "x-sentry-auth": "Sentry sentry_key=KEY" },
			401,
			"multiple authorization payloads detected",
		],
		["protocol version 8", "sentry_key=KEY&sentry_version=8", {}, 400, "unsupported protocol version (8)"],
		["a malformed key", "sentry_key=nope", {}, 400, "bad sentry DSN public key"],
		["an unknown key", `sentry_key=${"0".repeat(32)}`, {}, 403, "event submission rejected with_reason: ProjectState"],
	])("refuses %s", async (_, query, headers, status, detail) => {
		const key = tenant.key.publicKey;
		const response = await sendEnvelope(
			tenant,
			"{}\n",
			{
				headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace("KEY", key)])),
			},
			query.replace("KEY", key),
		);
		expect(response.status).toBe(status);
		expect(await response.json()).toEqual({ detail });
	});

	it("refuses a DSN host naming another region with 400, and takes one naming its own", async () => {
		const sendTo = (host: string) => sendEnvelope(tenant, errorEnvelope(randomHex(16)), { headers: { host } });
		const elsewhere = await sendTo(`o${tenant.organizationId}.ingest.eu.127.0.0.1:8787`);
		expect(elsewhere.status).toBe(400);
		expect(await elsewhere.json()).toEqual({ detail: 'this relay serves region "us", not "eu"' });
		expect((await sendTo(`o${tenant.organizationId}.ingest.us.127.0.0.1:8787`)).status).toBe(200);
	});

	it("refuses a key used for another project's id with 403", async () => {
		const response = await exports.default.fetch(
			`http://127.0.0.1:8787/api/12345/envelope/?sentry_key=${tenant.key.publicKey}`,
			{ method: "POST", body: "{}\n" },
		);
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ detail: "event submission rejected with_reason: ProjectId" });
	});

	it("stops accepting a disabled key once its config is republished", async () => {
		await region.update(projectKeys).set({ status: "disabled" }).where(eq(projectKeys.id, tenant.key.id));
		await updateProject({});
		const response = await sendEnvelope(tenant, errorEnvelope(randomHex(16)));
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ detail: "event submission rejected with_reason: DisabledKey" });
		await region.update(projectKeys).set({ status: "active" }).where(eq(projectKeys.id, tenant.key.id));
		await updateProject({});
		expect((await sendEnvelope(tenant, errorEnvelope(randomHex(16)))).status).toBe(200);
	});

	it("refuses an item over its size limit, an envelope that is not one, and a decompression bomb", async () => {
		const big = envelopeBody({}, [[{ type: "event" }, { message: "x".repeat(1024 * 1024 + 1) }]]);
		const tooLarge = await sendEnvelope(tenant, big);
		expect(tooLarge.status).toBe(413);
		expect(((await tooLarge.json()) as { detail: string }).detail).toMatch(
			/^envelope exceeded size limits for type 'event'/,
		);
		expect((await sendEnvelope(tenant, "{not json")).status).toBe(400);
		const bomb = gzipSync(new Uint8Array(60 * 1024 * 1024));
		const exploded = await sendEnvelope(tenant, bomb, { headers: { "content-encoding": "gzip" } });
		expect(exploded.status).toBe(413);
	});

	it("checks the Origin of browser events against the project's allowed domains", async () => {
		await updateProject({ allowedDomains: ["*.example.com"] });
		const from = (origin: string) => sendEnvelope(tenant, errorEnvelope(randomHex(16)), { headers: { origin } });
		expect((await from("https://app.example.com")).status).toBe(200);
		const evil = await from("https://evil.test");
		expect(evil.status).toBe(403);
		expect(await evil.json()).toEqual({ detail: "event submission rejected with_reason: Cors" });
		await updateProject({ allowedDomains: ["*"] });
	});

	it("answers 200 to a filtered event, stores nothing, and counts a filtered outcome", async () => {
		await updateProject({ filterSettings: { errorMessages: { patterns: ["*ResizeObserver*"] } } });
		const eventId = randomHex(16);
		const response = await sendEnvelope(tenant, errorEnvelope(eventId, "ResizeObserver loop limit exceeded"));
		expect(response.status).toBe(200);
		await updateProject({ filterSettings: {} });
		await expect(storedEvent(tenant, eventId, 500)).rejects.toThrow(/was not stored/);
		const rows = await region.select().from(outcomes).where(eq(outcomes.outcome, "filtered"));
		expect(rows).toMatchObject([{ reason: "error-message", category: "error", quantity: 1 }]);
	});

	it("answers 503 with Retry-After, never 200, when the queue does not take the event", async () => {
		const failingQueue = {
			send: () => Promise.reject(new Error("queue unavailable")),
			sendBatch: () => Promise.reject(new Error("queue unavailable")),
		};
		const request = new Request(
			`http://127.0.0.1:8787/api/${tenant.project.id}/envelope/?sentry_key=${tenant.key.publicKey}`,
			{
				method: "POST",
				body: errorEnvelope(randomHex(16)),
			},
		);
		const response = await monolithApp.fetch(request, { ...env, INGEST_QUEUE: failingQueue }, {
			waitUntil: () => {},
			passThroughOnException: () => {},
			props: {},
		} as unknown as ExecutionContext);
		expect(response.status).toBe(503);
		expect(response.headers.get("retry-after")).toBe("60");
		expect(await response.json()).toEqual({ detail: "failed to queue envelope" });
	});

	it("sends envelopes over the queue message limit through R2, and stores them", async () => {
		const eventId = randomHex(16);
		const attachment = "a".repeat(200 * 1024);
		const body = `${errorEnvelope(eventId)}\n${JSON.stringify({ type: "attachment", filename: "big.txt" })}\n${attachment}`;
		expect((await sendEnvelope(tenant, body)).status).toBe(200);
		expect(await storedEvent(tenant, eventId)).toMatchObject({ eventID: eventId });
	});
});

describe("legacy and special endpoints", () => {
	it("stores a /store/ JSON event", async () => {
		const eventId = randomHex(16);
		const response = await exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/store/`, {
			method: "POST",
			headers: {
				"x-sentry-auth": `Sentry sentry_key=${tenant.key.publicKey}, sentry_version=7`,
				"content-type": "application/json",
			},
			body: JSON.stringify({ event_id: eventId, message: "from store" }),
		});
		expect(await response.json()).toEqual({ id: eventId });
		expect(await storedEvent(tenant, eventId)).toMatchObject({ title: "from store" });
	});

	it.each(["security", "csp-report"])(
		"accepts CSP reports at /%s/ with the right media type only, and stores them as events",
		async (route) => {
			const url = `http://127.0.0.1:8787/api/${tenant.project.id}/${route}/?sentry_key=${tenant.key.publicKey}&sentry_release=web@csp`;
			const blocked = `https://${route}.evil.test/x.js`;
			const report = JSON.stringify({
				"csp-report": {
					"document-uri": "https://app.example.com/",
					"effective-directive": "script-src",
					"blocked-uri": blocked,
				},
			});
			const wrongType = await exports.default.fetch(url, {
				method: "POST",
				headers: { "content-type": "text/plain" },
				body: report,
			});
			expect(wrongType.status).toBe(415);
			const accepted = await exports.default.fetch(url, {
				method: "POST",
				headers: { "content-type": "application/csp-report" },
				body: report,
			});
			expect(accepted.status).toBe(200);
			expect(await accepted.text()).toBe("");
			const issue = await issueMatching(`${route}.evil.test`);
			const latest = await api(`/api/0/organizations/ingest/issues/${issue.id}/events/latest/`, tenant.token);
			expect(await latest.json()).toMatchObject({
				title: `Blocked 'script' from '${blocked}'`,
				release: { version: "web@csp" },
			});
		},
	);

	it("accepts a multipart minidump and answers with the hyphenated event id", async () => {
		const form = new FormData();
		form.append("upload_file_minidump", new Blob([new TextEncoder().encode("MDMP\u0000\u0001rest")]), "crash.dmp");
		form.append("sentry", JSON.stringify({ release: "native@1" }));
		const response = await exports.default.fetch(
			`http://127.0.0.1:8787/api/${tenant.project.id}/minidump/?sentry_key=${tenant.key.publicKey}`,
			{ method: "POST", body: form },
		);
		expect(response.status).toBe(200);
		const id = await response.text();
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const eventId = id.replace(/-/g, "");
		expect(await storedEvent(tenant, eventId)).toMatchObject({ level: "fatal", platform: "native" });
		const [stored] = await region
			.select()
			.from(attachments)
			.where(and(eq(attachments.projectId, tenant.project.id), eq(attachments.eventId, eventId)));
		expect(stored).toMatchObject({ name: "crash.dmp", attachmentType: "event.minidump", size: 10 });
		const body = await env.EVENTS_BUCKET.get(stored?.bodyKey ?? "");
		expect(new TextDecoder().decode(await body?.arrayBuffer())).toBe("MDMP\u0000\u0001rest");
		const notADump = new FormData();
		notADump.append("upload_file_minidump", new Blob(["hello"]), "x.dmp");
		const invalid = await exports.default.fetch(
			`http://127.0.0.1:8787/api/${tenant.project.id}/minidump/?sentry_key=${tenant.key.publicKey}`,
			{ method: "POST", body: notADump },
		);
		expect(await invalid.json()).toEqual({ detail: "invalid minidump" });
	});
});

describe("api helper", () => {
	it("reaches the Web API with the tenant's token", async () => {
		expect((await api("/api/0/organizations/ingest/projects/", tenant.token)).status).toBe(200);
	});
});
