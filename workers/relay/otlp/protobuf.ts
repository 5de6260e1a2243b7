/**
 * OTLP/HTTP logs in protobuf: decoded by protobuf.js (static code generated from ./logs.proto) into
 * the shape of OTLP's JSON encoding (ids as hex, 64-bit numbers as decimal text), so one mapping
 * (./logs.ts) serves both; and the ExportLogsServiceResponse encoded for the answer.
 */
import { bytesToBase64 } from "../../lib/base64";
import type { Json } from "../../lib/json";
import { otlp } from "./logs-proto.js";

type Decoded = { [key: string]: unknown };

const hex = (bytes: unknown) =>
	bytes instanceof Uint8Array ? [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("") : "";
const decimal = (value: unknown) => (value === null || value === undefined ? "0" : String(value));
const list = (value: unknown): Decoded[] => (Array.isArray(value) ? value : []);

function anyValue(value: unknown): Json | undefined {
	const any = value as (Decoded & { value?: string }) | null | undefined;
	switch (any?.value) {
		case "string_value":
			return { stringValue: any.string_value };
		case "bool_value":
			return { boolValue: any.bool_value };
		case "int_value":
			return { intValue: decimal(any.int_value) };
		case "double_value":
			return { doubleValue: any.double_value };
		case "bytes_value":
			return { bytesValue: any.bytes_value instanceof Uint8Array ? bytesToBase64(any.bytes_value) : "" };
		case "array_value":
			return { arrayValue: { values: list((any.array_value as Decoded).values).map(anyValue) } };
		case "kvlist_value":
			return { kvlistValue: { values: keyValues((any.kvlist_value as Decoded).values) } };
		default:
			return undefined;
	}
}

const keyValues = (entries: unknown) =>
	list(entries).map((entry) => ({ key: entry.key, value: anyValue(entry.value) }));

/** An `ExportLogsServiceRequest` in protobuf as its JSON encoding; undefined when it is not one. */
export function otlpJsonOfProtobuf(bytes: Uint8Array): Json | undefined {
	let request: Decoded;
	try {
		request = otlp.ExportLogsServiceRequest.decode(bytes) as unknown as Decoded;
	} catch {
		return undefined;
	}
	return {
		resourceLogs: list(request.resource_logs).map((resourceLogs) => ({
			resource: { attributes: keyValues((resourceLogs.resource as Decoded | null)?.attributes) },
			scopeLogs: list(resourceLogs.scope_logs).map((scopeLogs) => {
				const scope = scopeLogs.scope as Decoded | null;
				return {
					scope: { name: scope?.name, version: scope?.version, attributes: keyValues(scope?.attributes) },
					logRecords: list(scopeLogs.log_records).map((record) => ({
						timeUnixNano: decimal(record.time_unix_nano),
						observedTimeUnixNano: decimal(record.observed_time_unix_nano),
						severityNumber: record.severity_number,
						severityText: record.severity_text,
						body: anyValue(record.body),
						attributes: keyValues(record.attributes),
						traceId: hex(record.trace_id),
						spanId: hex(record.span_id),
					})),
				};
			}),
		})),
	};
}

/** The answer in protobuf: empty for full success, else the partial success. */
export function exportLogsResponseProtobuf(rejectedLogRecords: number, errorMessage: string): Uint8Array {
	const response = rejectedLogRecords
		? { partial_success: { rejected_log_records: rejectedLogRecords, error_message: errorMessage } }
		: {};
	return otlp.ExportLogsServiceResponse.encode(response).finish();
}
