/**
 * OpenTelemetry logs (OTLP/HTTP, `ExportLogsServiceRequest` in its JSON encoding) as Sentry logs,
 * mapped as Relay's relay-ourlogs maps them: severity numbers to levels (text when the number is
 * unset), resource attributes as `resource.<key>`, scope attributes as `instrumentation.<key>` with
 * `instrumentation.name`/`version`, arrays and maps as JSON text, a random trace id when there is
 * none, and `sentry.origin: auto.otlp.logs`. Unlike Relay, a body that is not a string is kept as
 * its JSON text rather than dropping the log. The result is one `log` envelope item.
 */
import { randomHex } from "../../lib/crypto";
import type { EnvelopeItem } from "../../lib/envelope";
import { type Json, list, record, text } from "../../lib/json";

type Attribute = { type: "string" | "boolean" | "integer" | "double"; value: string | number | boolean };

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
const TEXT_LEVELS: Record<string, (typeof LEVELS)[number]> = {
	trace: "trace",
	debug: "debug",
	info: "info",
	information: "info",
	warn: "warn",
	warning: "warn",
	error: "error",
	fatal: "fatal",
};

/** OpenTelemetry severity number (1–24 in six ranges of four) to Sentry's level, else the text, else info. */
export function levelOfSeverity(severityNumber: unknown, severityText: unknown) {
	const number = typeof severityNumber === "number" ? severityNumber : Number.NaN;
	if (number >= 1 && number <= 24) return LEVELS[Math.floor((number - 1) / 4)] as (typeof LEVELS)[number];
	return TEXT_LEVELS[text(severityText)?.toLowerCase() ?? ""] ?? "info";
}

/** An OTLP AnyValue as plain JSON (int64 as a number when it is one exactly, else its text). */
function plainValue(value: unknown): unknown {
	const any = record(value);
	if ("stringValue" in any) return text(any.stringValue) ?? "";
	if ("boolValue" in any) return any.boolValue === true;
	if ("intValue" in any) {
		const parsed = Number(any.intValue);
		return Number.isSafeInteger(parsed) ? parsed : String(any.intValue);
	}
	if ("doubleValue" in any) return Number(any.doubleValue);
	if ("bytesValue" in any) return text(any.bytesValue) ?? "";
	if ("arrayValue" in any) return list(record(any.arrayValue).values).map(plainValue);
	if ("kvlistValue" in any)
		return Object.fromEntries(
			list(record(any.kvlistValue).values).map((entry) => [
				text(record(entry).key) ?? "",
				plainValue(record(entry).value),
			]),
		);
	return undefined;
}

/** An OTLP attribute value as a Sentry typed attribute (Relay's `otel_value_to_attribute`). */
export function attributeOf(value: unknown): Attribute | undefined {
	const plain = plainValue(value);
	if (plain === undefined) return undefined;
	if (typeof plain === "string") return { type: "string", value: plain };
	if (typeof plain === "boolean") return { type: "boolean", value: plain };
	if (typeof plain === "number")
		return "intValue" in record(value) ? { type: "integer", value: plain } : { type: "double", value: plain };
	return { type: "string", value: JSON.stringify(plain) };
}

function addAttributes(into: Record<string, Attribute>, attributes: unknown, prefix = "") {
	for (const entry of list(attributes)) {
		const key = text(record(entry).key);
		const value = key ? attributeOf(record(entry).value) : undefined;
		if (key && value) into[`${prefix}${key}`] = value;
	}
}

/** `timeUnixNano` (a decimal string or number) to seconds; observed time when it is unset, as the spec says. */
function secondsOf(record: Json): number | undefined {
	for (const field of [record.timeUnixNano, record.observedTimeUnixNano]) {
		const nanos =
			typeof field === "string" && /^\d{1,20}$/.test(field)
				? BigInt(field)
				: typeof field === "number"
					? BigInt(Math.trunc(field))
					: 0n;
		if (nanos > 0n) return Number(nanos / 1000n) / 1e6;
	}
	return undefined;
}

const hexId = (value: unknown, length: number) => {
	const id = text(value)?.toLowerCase();
	return id && id.length === length && /^[0-9a-f]+$/.test(id) && !/^0+$/.test(id) ? id : undefined;
};

function sentryLog(logRecord: Json, base: Record<string, Attribute>, receivedAt: number): Json {
	const attributes: Record<string, Attribute> = { ...base };
	addAttributes(attributes, logRecord.attributes);
	const body = plainValue(logRecord.body);
	const spanId = hexId(logRecord.spanId, 16);
	return {
		timestamp: secondsOf(logRecord) ?? receivedAt / 1000,
		trace_id: hexId(logRecord.traceId, 32) ?? randomHex(16),
		...(spanId ? { span_id: spanId } : {}),
		level: levelOfSeverity(logRecord.severityNumber, logRecord.severityText),
		...(typeof logRecord.severityNumber === "number" && logRecord.severityNumber > 0
			? { severity_number: logRecord.severityNumber }
			: {}),
		body: typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body),
		attributes,
	};
}

/** The Sentry logs of an OTLP/JSON logs request; undefined when it is not one. */
export function sentryLogsOfOtlp(request: unknown, receivedAt: number): Json[] | undefined {
	if (typeof request !== "object" || request === null || Array.isArray(request)) return undefined;
	const logs: Json[] = [];
	for (const resourceLogs of list(record(request).resourceLogs)) {
		const resource: Record<string, Attribute> = { "sentry.origin": { type: "string", value: "auto.otlp.logs" } };
		addAttributes(resource, record(record(resourceLogs).resource).attributes, "resource.");
		for (const scopeLogs of list(record(resourceLogs).scopeLogs)) {
			const scope = record(record(scopeLogs).scope);
			const base = { ...resource };
			addAttributes(base, scope.attributes, "instrumentation.");
			if (text(scope.name)) base["instrumentation.name"] = { type: "string", value: scope.name as string };
			if (text(scope.version)) base["instrumentation.version"] = { type: "string", value: scope.version as string };
			for (const logRecord of list(record(scopeLogs).logRecords))
				logs.push(sentryLog(record(logRecord), base, receivedAt));
		}
	}
	return logs;
}

/** Sentry logs as the envelope item SDKs send them in. */
export function logContainer(logs: Json[]): EnvelopeItem {
	return {
		headers: { type: "log", item_count: logs.length, content_type: "application/vnd.sentry.items.log+json" },
		payload: new TextEncoder().encode(JSON.stringify({ items: logs })),
	};
}
