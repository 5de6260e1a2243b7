/**
 * The fields of Sentry's `ourlogs` dataset (search/eap/ourlogs/attributes.py) as rows of the events
 * API: `sentry.item_id`, `project.id`, `trace`, `severity`, `severity_number`, `timestamp`,
 * `message`… and any attribute by its name (`environment`, `release` name `sentry.*` ones), or as
 * `tags[name,type]`. Each field also has its type for `meta.fields`.
 */
import { type AttributeValue, MAX_VALUE_CHARS } from "./normalize";
import { attributeKeyOf } from "./query";
import type { FoundLog } from "./read";

export const DEFAULT_FIELDS = [
	"sentry.item_id",
	"project.id",
	"trace",
	"severity",
	"severity_number",
	"timestamp",
	"message",
];
/** What Sentry's trace-logs endpoint selects (organization_trace_logs.py). */
export const TRACE_LOG_FIELDS = [
	"sentry.item_id",
	"project.id",
	"trace",
	"severity_number",
	"severity",
	"timestamp",
	"tags[sentry.timestamp_precise,number]",
	"message",
];
const MAX_FIELDS = 50;

type FieldValue = string | number | boolean | AttributeValue | null;
type FieldType = "string" | "integer" | "number" | "date" | "boolean";

/** Microseconds to Python's `isoformat()` of a UTC time, as Sentry answers timestamps. */
export function isoTime(timestampUs: number): string {
	const seconds = new Date(Math.floor(timestampUs / 1000)).toISOString().slice(0, 19);
	const micros = ((timestampUs % 1_000_000) + 1_000_000) % 1_000_000;
	return `${seconds}${micros ? `.${String(micros).padStart(6, "0")}` : ""}+00:00`;
}

const BUILT_IN: Record<string, { type: FieldType; value: (log: FoundLog, slug: string) => FieldValue }> = {
	"sentry.item_id": { type: "string", value: (log) => log.itemId },
	id: { type: "string", value: (log) => log.itemId },
	"project.id": { type: "integer", value: (log) => log.projectId },
	project_id: { type: "integer", value: (log) => log.projectId },
	project: { type: "string", value: (_, slug) => slug },
	"project.slug": { type: "string", value: (_, slug) => slug },
	trace: { type: "string", value: (log) => log.traceId },
	span_id: { type: "string", value: (log) => log.spanId ?? null },
	severity: { type: "string", value: (log) => log.level },
	"log.severity_text": { type: "string", value: (log) => log.level },
	severity_text: { type: "string", value: (log) => log.level },
	severity_number: { type: "integer", value: (log) => log.severityNumber },
	"log.severity_number": { type: "integer", value: (log) => log.severityNumber },
	timestamp: { type: "date", value: (log) => isoTime(log.timestampUs) },
	timestamp_precise: { type: "number", value: (log) => log.timestampUs * 1000 },
	"tags[sentry.timestamp_precise,number]": { type: "number", value: (log) => log.timestampUs * 1000 },
	message: { type: "string", value: (log) => log.body },
	"log.body": { type: "string", value: (log) => log.body },
};

/** `tags[name,type]` → name; a public alias → its `sentry.*` attribute; anything else as it is. */
const attributeOf = (field: string) => /^tags\[([^,\]]+)(?:,\w+)?\]$/.exec(field)?.[1] ?? attributeKeyOf(field);

const typeOfValue = (value: FieldValue): FieldType =>
	typeof value === "number"
		? Number.isInteger(value)
			? "integer"
			: "number"
		: typeof value === "boolean"
			? "boolean"
			: "string";

export function requestedFields(fields: string[], defaults = DEFAULT_FIELDS): string[] {
	const unique = [...new Set(fields.filter((field) => field !== "" && field.length <= 200))];
	return (unique.length ? unique : defaults).slice(0, MAX_FIELDS);
}

export function rowOf(
	log: FoundLog,
	fields: string[],
	slugOf: (projectId: number) => string,
): Record<string, FieldValue> {
	const row: Record<string, FieldValue> = {};
	for (const field of fields) {
		const builtIn = BUILT_IN[field];
		const value = builtIn ? builtIn.value(log, slugOf(log.projectId)) : (log.attributes[attributeOf(field)] ?? null);
		row[field] =
			typeof value === "string" && value.length > MAX_VALUE_CHARS * 2 ? value.slice(0, MAX_VALUE_CHARS * 2) : value;
	}
	return row;
}

/** `meta.fields` of the answer: built-in fields have their type, attributes the type of their first value. */
export function fieldTypes(fields: string[], rows: Record<string, FieldValue>[]): Record<string, FieldType> {
	return Object.fromEntries(
		fields.map((field) => {
			const known = BUILT_IN[field]?.type;
			const sample = rows.find((row) => row[field] !== null && row[field] !== undefined)?.[field];
			return [field, known ?? (sample === undefined || sample === null ? "string" : typeOfValue(sample))];
		}),
	);
}
