import { describe, expect, it } from "vitest";
import { attributeOf, levelOfSeverity, logContainer, sentryLogsOfOtlp } from "../../../workers/relay/otlp/logs";
import { otlp } from "../../../workers/relay/otlp/logs-proto.js";
import { exportLogsResponseProtobuf, otlpJsonOfProtobuf } from "../../../workers/relay/otlp/protobuf";

const receivedAt = Date.parse("2026-06-01T12:00:00Z");

describe("OTLP logs as Sentry logs", () => {
	it("maps the OpenTelemetry example as Relay does", () => {
		const [log] =
			sentryLogsOfOtlp(
				{
					resourceLogs: [
						{
							resource: { attributes: [{ key: "service.name", value: { stringValue: "test-service" } }] },
							scopeLogs: [
								{
									scope: {
										name: "Eins Name",
										version: "123.42",
										attributes: [{ key: "lib", value: { stringValue: "x" } }],
									},
									logRecords: [
										{
											timeUnixNano: "1544712660300000000",
											observedTimeUnixNano: "1544712660300000000",
											severityNumber: 10,
											severityText: "Information",
											traceId: "5B8EFFF798038103D269B633813FC60C",
											spanId: "EEE19B7EC3C1B174",
											body: { stringValue: "Example log record" },
											attributes: [
												{ key: "string.attribute", value: { stringValue: "some string" } },
												{ key: "boolean.attribute", value: { boolValue: true } },
												{ key: "int.attribute", value: { intValue: "10" } },
												{ key: "double.attribute", value: { doubleValue: 637.704 } },
												{
													key: "array.attribute",
													value: { arrayValue: { values: [{ stringValue: "many" }, { stringValue: "values" }] } },
												},
												{
													key: "map.attribute",
													value: {
														kvlistValue: { values: [{ key: "some.map.key", value: { stringValue: "some value" } }] },
													},
												},
											],
										},
									],
								},
							],
						},
					],
				},
				receivedAt,
			) ?? [];
		expect(log).toEqual({
			timestamp: 1544712660.3,
			trace_id: "5b8efff798038103d269b633813fc60c",
			span_id: "eee19b7ec3c1b174",
			level: "info",
			severity_number: 10,
			body: "Example log record",
			attributes: {
				"sentry.origin": { type: "string", value: "auto.otlp.logs" },
				"resource.service.name": { type: "string", value: "test-service" },
				"instrumentation.lib": { type: "string", value: "x" },
				"instrumentation.name": { type: "string", value: "Eins Name" },
				"instrumentation.version": { type: "string", value: "123.42" },
				"string.attribute": { type: "string", value: "some string" },
				"boolean.attribute": { type: "boolean", value: true },
				"int.attribute": { type: "integer", value: 10 },
				"double.attribute": { type: "double", value: 637.704 },
				"array.attribute": { type: "string", value: '["many","values"]' },
				"map.attribute": { type: "string", value: '{"some.map.key":"some value"}' },
			},
		});
	});

	it("maps severity numbers by range and falls back to the text, then info", () => {
		expect([1, 5, 9, 13, 17, 21, 24].map((number) => levelOfSeverity(number, ""))).toEqual([
			"trace",
			"debug",
			"info",
			"warn",
			"error",
			"fatal",
			"fatal",
		]);
		expect(levelOfSeverity(0, "WARNING")).toBe("warn");
		expect(levelOfSeverity(undefined, "unknown")).toBe("info");
	});

	it("gives a log without trace id a random one, without time the observed or receive time, and keeps other bodies as JSON", () => {
		const [first, second] =
			sentryLogsOfOtlp(
				{
					resourceLogs: [
						{
							scopeLogs: [
								{
									logRecords: [
										{
											observedTimeUnixNano: "1544712660000000000",
											body: { kvlistValue: { values: [{ key: "a", value: { intValue: 1 } }] } },
										},
										{ traceId: "00000000000000000000000000000000", spanId: "" },
									],
								},
							],
						},
					],
				},
				receivedAt,
			) ?? [];
		expect(first).toMatchObject({ timestamp: 1544712660, body: '{"a":1}', level: "info" });
		expect(first?.trace_id).toMatch(/^[0-9a-f]{32}$/);
		expect(second).toMatchObject({ timestamp: receivedAt / 1000, body: "" });
		expect(second?.trace_id).not.toBe("0".repeat(32));
		expect(second).not.toHaveProperty("span_id");
	});

	it("refuses what is no logs request, and wraps logs as a container item", () => {
		expect(sentryLogsOfOtlp([], receivedAt)).toBeUndefined();
		expect(sentryLogsOfOtlp({}, receivedAt)).toEqual([]);
		expect(attributeOf({})).toBeUndefined();
		const item = logContainer([{ body: "a" }, { body: "b" }]);
		expect(item.headers).toEqual({ type: "log", item_count: 2, content_type: "application/vnd.sentry.items.log+json" });
		expect(JSON.parse(new TextDecoder().decode(item.payload))).toEqual({ items: [{ body: "a" }, { body: "b" }] });
	});
});

describe("OTLP logs in protobuf", () => {
	it("decodes the wire format by the specification's field numbers (a hand-written request)", () => {
		// ExportLogsServiceRequest{1: ResourceLogs{2: ScopeLogs{2: LogRecord{2: 9, 5: AnyValue{1: "hi"}}}}}
		const bytes = new Uint8Array([0x0a, 0x0c, 0x12, 0x0a, 0x12, 0x08, 0x10, 0x09, 0x2a, 0x04, 0x0a, 0x02, 0x68, 0x69]);
		const [log] = sentryLogsOfOtlp(otlpJsonOfProtobuf(bytes), receivedAt) ?? [];
		expect(log).toMatchObject({ level: "info", severity_number: 9, body: "hi", timestamp: receivedAt / 1000 });
	});

	it("maps a full request as its JSON encoding would be mapped", () => {
		const bytes = otlp.ExportLogsServiceRequest.encode({
			resource_logs: [
				{
					resource: { attributes: [{ key: "service.name", value: { string_value: "checkout" } }] },
					scope_logs: [
						{
							scope: { name: "app", version: "2.0" },
							log_records: [
								{
									time_unix_nano: 1544712660300000000,
									severity_number: 17,
									trace_id: new Uint8Array(16).fill(0xab),
									span_id: new Uint8Array(8).fill(0xcd),
									body: { kvlist_value: { values: [{ key: "a", value: { int_value: 7 } }] } },
									attributes: [
										{ key: "ok", value: { bool_value: true } },
										{ key: "big", value: { int_value: "9007199254740993" as unknown as number } },
										{ key: "ratio", value: { double_value: 0.5 } },
										{ key: "list", value: { array_value: { values: [{ string_value: "x" }] } } },
									],
								},
							],
						},
					],
				},
			],
		}).finish();
		const [log] = sentryLogsOfOtlp(otlpJsonOfProtobuf(bytes), receivedAt) ?? [];
		expect(log).toMatchObject({
			timestamp: 1544712660.3,
			trace_id: "ab".repeat(16),
			span_id: "cd".repeat(8),
			level: "error",
			body: '{"a":7}',
		});
		expect(log?.attributes).toMatchObject({
			"resource.service.name": { type: "string", value: "checkout" },
			"instrumentation.name": { type: "string", value: "app" },
			ok: { type: "boolean", value: true },
			big: { type: "string", value: "9007199254740993" },
			ratio: { type: "double", value: 0.5 },
			list: { type: "string", value: '["x"]' },
		});
	});

	it("refuses bytes that are no protobuf, and encodes the answer", () => {
		expect(otlpJsonOfProtobuf(new Uint8Array([0x0a, 0xff, 0xff]))).toBeUndefined();
		expect(exportLogsResponseProtobuf(0, "")).toHaveLength(0);
		const partial = otlp.ExportLogsServiceResponse.decode(exportLogsResponseProtobuf(3, "rate limited"));
		expect(Number(partial.partial_success?.rejected_log_records)).toBe(3);
		expect(partial.partial_success?.error_message).toBe("rate limited");
	});
});
