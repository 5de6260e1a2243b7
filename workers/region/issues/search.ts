/**
 * Sentry's issue search grammar, parsed in one linear pass (no regular expressions over the query):
 * `key:value` filters (values quoted, or lists `[a, b]`), `!key:value` negation, comparison
 * operators for dates and counts, quoted or bare free text, and a bare 32-hex event id. What it
 * cannot parse is a 400 naming the problem, never a silent fallback. Issue search filters in
 * docs/issues.md.
 */
import { ApiError } from "../../lib/errors";

export const MAX_QUERY_LENGTH = 2000;
export const MAX_QUERY_TERMS = 50;
const MAX_LIST_VALUES = 100;

export type Comparison = ">" | ">=" | "<" | "<=" | "=";

export type IssueFilter =
	| { kind: "status"; values: ("unresolved" | "resolved" | "ignored")[]; negated: boolean }
	| { kind: "assignment"; assigned: boolean; negated: boolean }
	| { kind: "assigned"; values: string[]; negated: boolean }
	| { kind: "bookmarks"; negated: boolean }
	| { kind: "level"; values: string[]; negated: boolean }
	| { kind: "category"; values: ("error" | "feedback" | "cron" | "performance")[]; negated: boolean }
	| { kind: "tag"; key: string; values: string[]; negated: boolean }
	| { kind: "has"; key: string; negated: boolean }
	| { kind: "date"; field: "firstSeen" | "lastSeen"; op: Comparison; at: number; until?: number; negated: boolean }
	| { kind: "timesSeen"; op: Comparison; value: number; negated: boolean }
	| { kind: "text"; value: string; negated: boolean }
	| { kind: "eventId"; value: string; negated: boolean };

export const ISSUE_SORTS = ["date", "new", "freq", "user", "priority", "trends"] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export const querySyntaxError = (why: string) => new ApiError(400, `Error parsing search query: ${why}`);

interface Term {
	negated: boolean;
	key: string | undefined;
	/** Values of the term (one, or a `[a, b]` list); `quoted` when the single value was in quotes. */
	values: string[];
	quoted: boolean;
}

const isSpace = (char: string) => char === " " || char === "\t" || char === "\n" || char === "\r";
const isKeyChar = (char: string) =>
	(char >= "a" && char <= "z") ||
	(char >= "A" && char <= "Z") ||
	(char >= "0" && char <= "9") ||
	char === "_" ||
	char === "." ||
	char === "-" ||
	char === "@" ||
	char === "[" ||
	char === "]";

/** Reads a quoted string starting at `start` (a `"`): its text (with `\"` and `\\` unescaped) and where it ends. */
function readQuoted(query: string, start: number): [string, number] {
	let value = "";
	for (let i = start + 1; i < query.length; i++) {
		const char = query[i] as string;
		if (char === "\\" && i + 1 < query.length) {
			value += query[i + 1];
			i++;
		} else if (char === '"') return [value, i + 1];
		else value += char;
	}
	throw querySyntaxError(`unterminated quote at position ${start}`);
}

function readBare(query: string, start: number): [string, number] {
	let end = start;
	while (end < query.length && !isSpace(query[end] as string)) end++;
	return [query.slice(start, end), end];
}

/** `[a, "b c", d]` starting at `start` (a `[`). */
function readList(query: string, start: number): [string[], number] {
	const values: string[] = [];
	let i = start + 1;
	for (;;) {
		while (i < query.length && isSpace(query[i] as string)) i++;
		if (i >= query.length) throw querySyntaxError(`unterminated list at position ${start}`);
		let value: string;
		if (query[i] === '"') [value, i] = readQuoted(query, i);
		else {
			const from = i;
			while (i < query.length && query[i] !== "," && query[i] !== "]" && !isSpace(query[i] as string)) i++;
			value = query.slice(from, i);
		}
		while (i < query.length && isSpace(query[i] as string)) i++;
		if (value) values.push(value);
		if (values.length > MAX_LIST_VALUES) throw querySyntaxError(`a list has more than ${MAX_LIST_VALUES} values`);
		if (query[i] === ",") i++;
		else if (query[i] === "]") return [values, i + 1];
		else throw querySyntaxError(`expected "," or "]" at position ${i}`);
	}
}

function tokenize(query: string): Term[] {
	const terms: Term[] = [];
	let i = 0;
	while (i < query.length) {
		if (isSpace(query[i] as string)) {
			i++;
			continue;
		}
		if (terms.length >= MAX_QUERY_TERMS) throw querySyntaxError(`more than ${MAX_QUERY_TERMS} terms`);
		const negated = query[i] === "!";
		const start = negated ? i + 1 : i;
		if (query[start] === '"') {
			const [value, end] = readQuoted(query, start);
			terms.push({ negated, key: undefined, values: [value], quoted: true });
			i = end;
			continue;
		}
		let keyEnd = start;
		while (keyEnd < query.length && isKeyChar(query[keyEnd] as string)) keyEnd++;
		if (keyEnd > start && query[keyEnd] === ":") {
			const key = query.slice(start, keyEnd);
			const valueStart = keyEnd + 1;
			let values: string[];
			let quoted = false;
			if (query[valueStart] === '"') {
				[values, i] = (([value, end]) => [[value], end] as [string[], number])(readQuoted(query, valueStart));
				quoted = true;
			} else if (query[valueStart] === "[") [values, i] = readList(query, valueStart);
			else {
				const [value, end] = readBare(query, valueStart);
				values = [value];
				i = end;
			}
			if (!values.length || (!quoted && values[0] === "")) throw querySyntaxError(`"${key}:" has no value`);
			terms.push({ negated, key, values, quoted });
			continue;
		}
		const [value, end] = readBare(query, start);
		terms.push({ negated, key: undefined, values: [value], quoted: false });
		i = end;
	}
	return terms;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `-24h` (within the last 24 hours) or `+7d` (longer ago than 7 days), as a comparison with a time. */
function relativeTime(value: string, now: number): { op: Comparison; at: number } | undefined {
	const sign = value[0];
	if (sign !== "-" && sign !== "+") return undefined;
	const unit = DURATION_UNITS[value.at(-1) ?? ""];
	const amount = value.slice(1, -1);
	if (!unit || !amount || amount.length > 9 || ![...amount].every((char) => char >= "0" && char <= "9"))
		return undefined;
	const at = now - Number(amount) * unit;
	return { op: sign === "-" ? ">=" : "<=", at };
}

function comparisonOf(value: string): [Comparison, string] {
	for (const op of [">=", "<=", ">", "<"] as const) if (value.startsWith(op)) return [op, value.slice(op.length)];
	return ["=", value];
}

/** An ISO date or date-time; a bare date without an operator means that whole (UTC) day. */
function absoluteTime(value: string): number | undefined {
	if (value.length < 10 || value.length > 40 || value[4] !== "-") return undefined;
	const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
	return Number.isNaN(at) ? undefined : at;
}

function dateFilter(field: "firstSeen" | "lastSeen", raw: string, negated: boolean, now: number): IssueFilter {
	const relative = relativeTime(raw, now);
	if (relative) return { kind: "date", field, ...relative, negated };
	const [op, rest] = comparisonOf(raw);
	const relativeAfterOp = relativeTime(rest, now);
	if (relativeAfterOp) return { kind: "date", field, op, at: relativeAfterOp.at, negated };
	const at = absoluteTime(rest);
	if (at === undefined) throw querySyntaxError(`"${raw}" is not a date for ${field} (use -24h, +7d or an ISO date)`);
	if (op === "=" && rest.length === 10) return { kind: "date", field, op: ">=", at, until: at + 86_400_000, negated };
	return { kind: "date", field, op, at, negated };
}

const STATUSES = {
	unresolved: "unresolved",
	resolved: "resolved",
	ignored: "ignored",
	muted: "ignored",
	archived: "ignored",
} as const;
const CATEGORIES = new Set(["error", "feedback", "cron", "performance"]);
const isEventId = (value: string) =>
	value.length === 32 && [...value].every((char) => (char >= "0" && char <= "9") || (char >= "a" && char <= "f"));

function filterOf(term: Term, now: number): IssueFilter {
	const { key, values, negated } = term;
	const value = values[0] as string;
	if (key === undefined) {
		const normalized = value.replace(/-/g, "").toLowerCase();
		if (!term.quoted && !negated && isEventId(normalized)) return { kind: "eventId", value: normalized, negated };
		return { kind: "text", value, negated };
	}
	switch (key) {
		case "is": {
			if (value === "assigned" || value === "unassigned")
				return { kind: "assignment", assigned: value === "assigned", negated };
			if (value === "bookmarked") return { kind: "bookmarks", negated };
			const statuses = values.map((each) => STATUSES[each as keyof typeof STATUSES]);
			if (statuses.some((status) => !status))
				throw querySyntaxError(
					`invalid value for "is": ${values.join(", ")} (unresolved, resolved, ignored, assigned, unassigned)`,
				);
			return { kind: "status", values: statuses, negated };
		}
		case "assigned":
		case "assigned_to":
			return { kind: "assigned", values, negated };
		case "bookmarks":
			if (value !== "me") throw querySyntaxError('"bookmarks" takes only "me"');
			return { kind: "bookmarks", negated };
		case "level":
			return { kind: "level", values, negated };
		case "issue.category":
			if (values.some((each) => !CATEGORIES.has(each)))
				throw querySyntaxError(`invalid value for "issue.category": ${values.join(", ")}`);
			return { kind: "category", values: values as ("error" | "feedback" | "cron" | "performance")[], negated };
		case "has":
			return { kind: "has", key: value, negated };
		case "age":
			return dateFilter("firstSeen", value, negated, now);
		case "firstSeen":
		case "lastSeen":
			return dateFilter(key, value, negated, now);
		case "timesSeen": {
			const [op, rest] = comparisonOf(value);
			const count = Number(rest);
			if (!rest || rest.length > 15 || !Number.isSafeInteger(count) || count < 0)
				throw querySyntaxError(`"${value}" is not a count for timesSeen`);
			return { kind: "timesSeen", op, value: count, negated };
		}
		case "event.id":
		case "id": {
			const eventId = value.replace(/-/g, "").toLowerCase();
			if (!isEventId(eventId)) throw querySyntaxError(`"${value}" is not an event id`);
			return { kind: "eventId", value: eventId, negated };
		}
		default:
			// release:, environment: and any other key are tags; `tags[key]:value` names one explicitly.
			return {
				kind: "tag",
				key: key.startsWith("tags[") && key.endsWith("]") ? key.slice(5, -1) : key,
				values,
				negated,
			};
	}
}

/** The filters of `query`; without a query at all, Sentry's default `is:unresolved`. */
export function parseIssueQuery(query: string | undefined, now = Date.now()): IssueFilter[] {
	const text = query ?? "is:unresolved";
	if (text.length > MAX_QUERY_LENGTH) throw querySyntaxError(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
	return tokenize(text).map((term) => filterOf(term, now));
}

export function parseIssueSort(sort: string | undefined): IssueSort {
	if (sort === undefined || sort === "") return "date";
	if ((ISSUE_SORTS as readonly string[]).includes(sort)) return sort as IssueSort;
	throw new ApiError(400, `Invalid sort "${sort}": one of ${ISSUE_SORTS.join(", ")}`);
}

/** Sentry's short ids: `<PROJECT>-<n in base 32, digits 0-9 then A-V minus I, L, O, U>`. */
export function shortId(projectSlug: string, sequence: number): string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	let value = sequence;
	let encoded = "";
	do {
		encoded = alphabet[value % 32] + encoded;
		value = Math.floor(value / 32);
	} while (value > 0);
	return `${projectSlug.toUpperCase()}-${encoded}`;
}
