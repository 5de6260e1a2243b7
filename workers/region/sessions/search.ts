/**
 * The `query` of the sessions API, as far as release health can filter: `release:` and
 * `environment:` terms, each `key:value`, `key:"quoted value"` or `key:[a, "b"]`, negated with `!`,
 * joined by spaces or `AND` (which binds first) and `OR`. Read by one left-to-right scan (linear in
 * the query); anything else is a 400 in Sentry's words.
 */
import { ApiError } from "../../lib/errors";

export type FilterKey = "release" | "environment";
export interface Condition {
	key: FilterKey;
	values: string[];
	negated: boolean;
}
/** Conditions in disjunctive form: any inner list whose conditions all hold. */
export type Filter = Condition[][];

const KEYS = new Set<string>(["release", "environment"]);
/** Bounds the SQL a query can make (D1 binds at most 100 parameters). */
const MAX_VALUES = 50;

class Scanner {
	index = 0;
	constructor(readonly text: string) {}
	get done() {
		return this.index >= this.text.length;
	}
	peek() {
		return this.text[this.index] ?? "";
	}
	skipSpaces() {
		while (!this.done && /\s/.test(this.peek())) this.index++;
	}
	/** A quoted string after its opening quote, with `\"` and `\\` escapes. */
	quoted(): string {
		let value = "";
		for (;;) {
			if (this.done) throw new ApiError(400, "Invalid query: unterminated quote");
			const char = this.text[this.index++] as string;
			if (char === '"') return value;
			value += char === "\\" && !this.done ? (this.text[this.index++] as string) : char;
		}
	}
	/** Characters up to whitespace or one of `stops`. */
	word(stops: string): string {
		const start = this.index;
		while (!this.done && !/\s/.test(this.peek()) && !stops.includes(this.peek())) this.index++;
		return this.text.slice(start, this.index);
	}
}

function value(scanner: Scanner, stops: string): string {
	if (scanner.peek() === '"') {
		scanner.index++;
		return scanner.quoted();
	}
	return scanner.word(stops);
}

/** A `[a, "b"]` list, from its opening bracket. */
function listOf(scanner: Scanner): string[] {
	scanner.index++;
	const values: string[] = [];
	for (;;) {
		scanner.skipSpaces();
		values.push(value(scanner, ",]").trim());
		scanner.skipSpaces();
		const char = scanner.text[scanner.index++];
		if (char === "]") return values;
		if (char !== ",") throw new ApiError(400, "Invalid query: unterminated list");
	}
}

function condition(scanner: Scanner): Condition {
	const negated = scanner.peek() === "!";
	if (negated) scanner.index++;
	const key = scanner.word(':"[');
	if (scanner.peek() !== ":") throw new ApiError(400, "Invalid search filter: message");
	scanner.index++;
	if (!KEYS.has(key)) throw new ApiError(400, `Invalid search filter: ${key}`);
	const values = scanner.peek() === "[" ? listOf(scanner) : [value(scanner, "")];
	if (values.some((candidate) => candidate.includes("*")))
		throw new ApiError(400, "Invalid condition: wildcard search is not supported");
	return { key: key as FilterKey, values, negated };
}

export function parseFilter(query: string): Filter | undefined {
	const scanner = new Scanner(query);
	const groups: Condition[][] = [[]];
	let values = 0;
	for (;;) {
		scanner.skipSpaces();
		if (scanner.done) break;
		const start = scanner.index;
		const word = scanner.word("").toUpperCase();
		if (word === "OR" || word === "AND") {
			if (word === "OR") groups.push([]);
			continue;
		}
		scanner.index = start;
		const next = condition(scanner);
		values += next.values.length;
		if (values > MAX_VALUES) throw new ApiError(400, `Invalid query: more than ${MAX_VALUES} values`);
		groups.at(-1)?.push(next);
	}
	const filter = groups.filter((group) => group.length > 0);
	return filter.length ? filter : undefined;
}
