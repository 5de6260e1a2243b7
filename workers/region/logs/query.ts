/**
 * Sentry's search syntax for logs (the part Faultline answers): `level:error` (also `severity:`),
 * `severity_number:>=17`, `trace:<id>` or `trace:[a,b]`, `span_id:`, `id:`, `message:` and free text
 * (case-insensitive substring of the body, `*` wildcards), `project:<slug|id>`, `has:key`, `!key:value`,
 * and `key:value` on attributes (`environment`, `release`, `sdk.name`, `message.template`… name
 * Sentry's `sentry.*` attributes). `AND` between terms is implied; other syntax is free text, so a
 * query never fails. Matching uses linear glob matching only (lib/glob.ts), never a regex of user input.
 */
import { globMatches } from "../../lib/glob";
import { type Level, levelOf } from "./levels";
import type { AttributeValue, StoredLog } from "./normalize";

export type Comparison = "=" | ">" | ">=" | "<" | "<=";

export type LogFilter =
	| { kind: "level"; levels: Level[]; negate: boolean }
	| { kind: "severity"; op: Comparison; value: number }
	| { kind: "trace" | "span" | "id"; values: string[]; negate: boolean }
	| { kind: "text"; pattern: string; negate: boolean }
	| { kind: "attribute"; key: string; patterns: string[]; negate: boolean }
	| { kind: "has"; key: string; negate: boolean };

export interface LogQuery {
	filters: LogFilter[];
	/** `project:` terms: slugs or ids, resolved by the route. */
	projects: string[];
}

/** Sentry's public names of `sentry.*` attributes (simple_sentry_field). */
const SENTRY_FIELDS = new Set([
	"environment",
	"release",
	"sdk.name",
	"sdk.version",
	"message.template",
	"origin",
	"trace.parent_span_id",
	"browser.name",
	"browser.version",
]);
const LEVEL_KEYS = new Set(["level", "severity", "severity_text", "log.severity_text", "sentry.severity_text"]);
const SEVERITY_KEYS = new Set(["severity_number", "log.severity_number", "sentry.severity_number"]);
const ID_KEYS: Record<string, "trace" | "span" | "id"> = {
	trace: "trace",
	trace_id: "trace",
	"sentry.trace_id": "trace",
	span_id: "span",
	"sentry.span_id": "span",
	id: "id",
	"sentry.item_id": "id",
};
const TEXT_KEYS = new Set(["message", "log.body", "sentry.body"]);
const PROJECT_KEYS = new Set(["project", "project.id", "project_id", "project.slug"]);
/** Attribute keys a query may name: they become JSON paths in SQL. */
export const ATTRIBUTE_KEY = /^[\w.\-:@/]{1,200}$/;
const MAX_TERMS = 20;

const TOKEN = /!?[\w.\-:@/]+:(?:"[^"]*"|\[[^\]]*\]|\S*)|"[^"]*"|\S+/g;

const unquote = (value: string) => value.replace(/^"(.*)"$/s, "$1");
const listOf = (value: string) =>
	value.startsWith("[") && value.endsWith("]")
		? value
				.slice(1, -1)
				.split(",")
				.map((item) => unquote(item.trim()))
				.filter(Boolean)
		: [unquote(value)];

/** The Sentry attribute a query key names. */
export const attributeKeyOf = (key: string) => (SENTRY_FIELDS.has(key) ? `sentry.${key}` : key);

export function parseLogQuery(query: string | undefined): LogQuery {
	const parsed: LogQuery = { filters: [], projects: [] };
	const tokens = (query ?? "").match(TOKEN) ?? [];
	for (const token of tokens.slice(0, MAX_TERMS)) {
		if (/^(and|AND)$/.test(token)) continue;
		const match = /^(!?)([\w.\-:@/]+?):(.*)$/s.exec(token);
		if (!match || match[3] === "") {
			const text = unquote(token.replace(/^!/, ""));
			if (text) parsed.filters.push({ kind: "text", pattern: text, negate: token.startsWith("!") });
			continue;
		}
		const negate = match[1] === "!";
		const key = match[2] as string;
		const values = listOf(match[3] as string);
		if (LEVEL_KEYS.has(key)) {
			const levels = values.map((value) => levelOf(value)).filter((level): level is Level => level !== undefined);
			parsed.filters.push({ kind: "level", levels, negate });
		} else if (SEVERITY_KEYS.has(key)) {
			const comparison = /^(>=|<=|>|<)?(-?\d+)$/.exec(values[0] ?? "");
			if (comparison) {
				parsed.filters.push({
					kind: "severity",
					op: (comparison[1] as Comparison | undefined) ?? "=",
					value: Number(comparison[2]),
				});
			}
		} else if (ID_KEYS[key]) {
			const kind = ID_KEYS[key];
			parsed.filters.push({ kind, values: values.map((value) => value.replace(/-/g, "").toLowerCase()), negate });
		} else if (TEXT_KEYS.has(key)) {
			parsed.filters.push({ kind: "text", pattern: values.join(" "), negate });
		} else if (PROJECT_KEYS.has(key) && !negate) {
			parsed.projects.push(...values);
		} else if (key === "has" && ATTRIBUTE_KEY.test(values[0] ?? "")) {
			parsed.filters.push({ kind: "has", key: attributeKeyOf(values[0] as string), negate });
		} else if (ATTRIBUTE_KEY.test(key)) {
			parsed.filters.push({ kind: "attribute", key: attributeKeyOf(key), patterns: values, negate });
		}
	}
	return parsed;
}

/** Free text and `message:` match anywhere in the body unless they carry their own wildcards. */
export const textPattern = (pattern: string) => (pattern.includes("*") ? pattern : `*${pattern}*`);

const valueTexts = (value: AttributeValue | undefined): string[] =>
	value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function compare(op: Comparison, left: number, right: number): boolean {
	switch (op) {
		case ">":
			return left > right;
		case ">=":
			return left >= right;
		case "<":
			return left < right;
		case "<=":
			return left <= right;
		default:
			return left === right;
	}
}

function matchesFilter(filter: LogFilter, log: StoredLog): boolean {
	switch (filter.kind) {
		case "level":
			return filter.levels.includes(log.level) !== filter.negate;
		case "severity":
			return compare(filter.op, log.severityNumber, filter.value);
		case "trace":
			return filter.values.includes(log.traceId) !== filter.negate;
		case "span":
			return filter.values.includes(log.spanId ?? "") !== filter.negate;
		case "id":
			return filter.values.includes(log.itemId) !== filter.negate;
		case "text":
			return globMatches(textPattern(filter.pattern), log.body) !== filter.negate;
		case "has":
			return filter.key in log.attributes !== filter.negate;
		case "attribute": {
			const texts = valueTexts(log.attributes[filter.key]);
			const found = filter.patterns.some((pattern) => texts.some((value) => globMatches(pattern, value)));
			return found !== filter.negate;
		}
	}
}

/** The query's filters on a log read from an R2 segment (rows are filtered in SQL instead). */
export const matchesQuery = (filters: LogFilter[], log: StoredLog) =>
	filters.every((filter) => matchesFilter(filter, log));
