/**
 * Logs at the relay in workerd: OTLP/HTTP JSON logs stored as Sentry logs (read back through the
 * Web API), protobuf exports, the OTLP answers, Relay's size limits for log containers with their outcomes, and
 * quotas on log_item and log_byte.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { otlp } from "../../../workers/relay/otlp/logs-proto.js";
import { forgetProjectConfigs } from "../../../workers/relay/project-configs";
import { api, createTenant, envelopeBody, outcomesOnce, sendEnvelope, type Tenant, waitFor } from "../tenant";

let tenant: Tenant;
const TRACE = "5b8efff798038103d269b633813fc60c";
const nowNanos = () => `${Date.now()}000000`;

const otlpRequest = (body: string, severityNumber = 10) => ({
	resourceLogs: [
		{
			resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
			scopeLogs: [
				{
					scope: { name: "app.logger", version: "1.2.0" },
					logRecords: [
						{
							timeUnixNano: nowNanos(),
							severityNumber,
							severityText: "Information",
							traceId: TRACE.toUpperCase(),
							spanId: "EEE19B7EC3C1B174",
							body: { stringValue: body },
							attributes: [
								{ key: "http.status_code", value: { intValue: "503" } },
								{ key: "retry", value: { boolValue: true } },
								{ key: "tags", value: { arrayValue: { values: [{ stringValue: "a" }, { stringValue: "b" }] } } },
							],
						},
					],
				},
			],
		},
	],
});

const postOtlp = (
	body: BodyInit,
	contentType = "application/json",
	auth = `Sentry sentry_key=${tenant.key.publicKey}`,
) =>
	exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/integration/otlp/v1/logs`, {
		method: "POST",
		body,
		headers: { "content-type": contentType, "x-sentry-auth": auth },
	});

const logContainer = (items: unknown[], headers: object = {}) =>
	[
		{ type: "log", item_count: items.length, content_type: "application/vnd.sentry.items.log+json", ...headers },
		{ items },
	] as [object, object];

beforeAll(async () => {
	tenant = await createTenant("relay-logs");
});

describe("OTLP/HTTP logs", () => {
	it("stores a JSON export as Sentry logs, with resource and scope attributes, and answers {}", async () => {
		const response = await postOtlp(JSON.stringify(otlpRequest("payment declined")));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({});
		const fields = [
			"message",
			"severity",
			"severity_number",
			"trace",
			"span_id",
			"resource.service.name",
			"instrumentation.name",
			"instrumentation.version",
			"http.status_code",
			"retry",
			"tags",
			"sentry.origin",
		];
		const query = `dataset=ourlogs&${fields.map((field) => `field=${encodeURIComponent(field)}`).join("&")}`;
		const table = await waitFor(
			"the OTLP log was not stored",
			async () =>
				(await (await api(`/api/0/organizations/${tenant.slug}/events/?${query}`, tenant.token)).json()) as {
					data: object[];
				},
			(found) => found.data.length === 1,
		);
		expect(table.data[0]).toEqual({
			message: "payment declined",
			severity: "info",
			severity_number: 10,
			trace: TRACE,
			span_id: "eee19b7ec3c1b174",
			"resource.service.name": "checkout",
			"instrumentation.name": "app.logger",
			"instrumentation.version": "1.2.0",
			"http.status_code": 503,
			retry: true,
			tags: '["a","b"]',
			"sentry.origin": "auto.otlp.logs",
		});
	});

	it("stores a protobuf export and answers in protobuf", async () => {
		const bytes = otlp.ExportLogsServiceRequest.encode({
			resource_logs: [
				{
					scope_logs: [
						{
							log_records: [
								{
									time_unix_nano: Date.now() * 1e6,
									severity_number: 17,
									trace_id: new Uint8Array(16).fill(0x0f),
									body: { string_value: "protobuf error line" },
								},
							],
						},
					],
				},
			],
		}).finish();
		const response = await postOtlp(bytes, "application/x-protobuf");
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/x-protobuf");
		expect((await response.arrayBuffer()).byteLength).toBe(0);
		const table = await waitFor(
			"the protobuf log was not stored",
			async () =>
				(await (
					await api(
						`/api/0/organizations/${tenant.slug}/events/?dataset=ourlogs&field=message&field=severity&field=trace&query=protobuf`,
						tenant.token,
					)
				).json()) as { data: object[] },
			(found) => found.data.length === 1,
		);
		expect(table.data[0]).toEqual({ message: "protobuf error line", severity: "error", trace: "0f".repeat(16) });
	});

	it("needs the DSN key and JSON or protobuf: others get 415 with a reason, bad bodies 400", async () => {
		expect((await postOtlp("{}", "application/json", "Sentry sentry_key=nope")).status).toBe(400);
		const unauthenticated = await exports.default.fetch(
			`http://127.0.0.1:8787/api/${tenant.project.id}/integration/otlp/v1/logs/`,
			{ method: "POST", body: "{}", headers: { "content-type": "application/json" } },
		);
		expect(unauthenticated.status).toBe(401);
		const text = await postOtlp("hello", "text/plain");
		expect(text.status).toBe(415);
		expect(((await text.json()) as { detail: string }).detail).toMatch(/application\/json or application\/x-protobuf/);
		expect((await postOtlp("{not json", "application/json")).status).toBe(400);
		expect((await postOtlp(new Uint8Array([0x0a, 0xff, 0xff]), "application/x-protobuf")).status).toBe(400);
		expect(await (await postOtlp(JSON.stringify({ resourceLogs: [] }))).json()).toEqual({});
		const unknownKey = await postOtlp(
			JSON.stringify({ resourceLogs: [] }),
			"application/json",
			`Sentry sentry_key=${"0".repeat(32)}`,
		);
		expect(unknownKey.status).toBe(403);
	});
});

describe("log containers at the relay", () => {
	it("refuses a container whose logs average over 2 MiB, and a second container, with Relay's outcome", async () => {
		const big = "x".repeat(2 * 1024 * 1024 + 10);
		const tooLarge = await sendEnvelope(
			tenant,
			envelopeBody({}, [logContainer([{ timestamp: Date.now() / 1000, trace_id: TRACE, level: "info", body: big }])]),
		);
		expect(tooLarge.status).toBe(413);
		const small = [{ timestamp: Date.now() / 1000, trace_id: TRACE, level: "info", body: "a" }];
		const twice = await sendEnvelope(tenant, envelopeBody({}, [logContainer(small), logContainer(small)]));
		expect(twice.status).toBe(413);
		const totals = await outcomesOnce(tenant, (found) => (found["invalid/too_large:log/log_item"] ?? 0) >= 3);
		expect(totals["invalid/too_large:log/log_item"]).toBe(3);
		expect(totals["invalid/too_large:log/log_byte"]).toBeGreaterThan(2 * 1024 * 1024);
	});

	it("refuses a container whose item_count is not what it holds as invalid JSON, per log", async () => {
		const items = [{ timestamp: Date.now() / 1000, trace_id: TRACE, level: "info", body: "one" }];
		const sent = await sendEnvelope(tenant, envelopeBody({}, [logContainer(items, { item_count: 5 })]));
		expect(sent.status).toBe(200);
		const totals = await outcomesOnce(tenant, (found) => found["invalid/invalid_json/log_item"] === 5);
		expect(totals["invalid/invalid_json/log_item"]).toBe(5);
	});

	it("drops logs over a log_item quota: 429 for an envelope, a partial success for OTLP", async () => {
		const response = await api(`/api/0/projects/${tenant.slug}/web/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({
				quotas: [{ categories: ["log_item"], scope: "organization", limit: 0, reasonCode: "logs_off" }],
			}),
		});
		expect(response.status).toBe(200);
		forgetProjectConfigs();
		const items = [{ timestamp: Date.now() / 1000, trace_id: TRACE, level: "info", body: "over quota" }];
		const envelope = await sendEnvelope(tenant, envelopeBody({}, [logContainer(items)]));
		expect(envelope.status).toBe(429);
		expect(envelope.headers.get("x-sentry-rate-limits")).toBe("60:log_item:organization:logs_off");
		const otlp = await postOtlp(JSON.stringify(otlpRequest("over quota")));
		expect(otlp.status).toBe(200);
		expect(await otlp.json()).toEqual({
			partialSuccess: { rejectedLogRecords: 1, errorMessage: "rate limited: a quota dropped these logs" },
		});
		const totals = await outcomesOnce(tenant, (found) => found["rate_limited/logs_off/log_item"] === 2);
		expect(totals["rate_limited/logs_off/log_item"]).toBe(2);
		expect(totals["rate_limited/logs_off/log_byte"]).toBeGreaterThan(0);
	});
});
