/**
 * Trimming, the first stage of normalization, as Relay's TrimmingProcessor does it with the limits
 * of relay-event-schema: before any other work reads an event, each string is cut to its field's
 * `max_chars` (ending in "..."), a stack trace keeps its last 250 frames, breadcrumbs their last 100,
 * and data bags (extra, contexts, frame vars, breadcrumb data, request data, user data) their depth
 * and size in JSON bytes. Every later stage (formatting, scrubbing, grouping, symbolication) then
 * works on strings and lists of bounded size, whatever the SDK sent. One pass over the event, in place.
 */
import { type Json, setOwn } from "../../lib/json";

/** Relay's MaxChars: Message (8192) is also the cap of every string no rule names. */
export const MAX_CHARS = { message: 8192, symbol: 256, path: 256, culprit: 200, enumLike: 128, logger: 64 };
/** Relay's hard limit of frames per stack trace (the last ones, nearest the error, are kept). */
export const MAX_FRAMES = 250;
export const MAX_BREADCRUMBS = 100;

interface Bag {
	depth: number;
	bytes: number;
}
/** Relay's BagSize values (max_depth, estimated JSON bytes). */
const MEDIUM_BAG: Bag = { depth: 5, bytes: 2048 };
const LARGE_BAG: Bag = { depth: 7, bytes: 8192 };
const LARGER_BAG: Bag = { depth: 7, bytes: 16_384 };

/** How a field is trimmed: strings to `max`, lists to their `last` items, containers as a `bag`. */
interface Rule {
	max?: number;
	last?: number;
	bag?: Bag;
	/** Rules of named fields of an object; `items` for the elements of a list, `other` for any other key. */
	fields?: Record<string, Rule>;
	items?: Rule;
	other?: Rule;
}

const symbol: Rule = { max: MAX_CHARS.symbol };
const path: Rule = { max: MAX_CHARS.path };
const message: Rule = { max: MAX_CHARS.message };
const frame: Rule = {
	fields: { function: symbol, raw_function: symbol, symbol, filename: path, abs_path: path, vars: { bag: MEDIUM_BAG } },
};
const stacktrace: Rule = { fields: { frames: { items: frame, last: MAX_FRAMES } } };
const exception: Rule = { fields: { type: symbol, value: message, stacktrace, raw_stacktrace: stacktrace } };
const breadcrumb: Rule = {
	fields: {
		type: { max: MAX_CHARS.enumLike },
		category: { max: MAX_CHARS.enumLike },
		message,
		data: { bag: MEDIUM_BAG },
	},
};
const breadcrumbs: Rule = { items: breadcrumb, last: MAX_BREADCRUMBS };
const thread: Rule = { fields: { stacktrace, raw_stacktrace: stacktrace } };
const logentry: Rule = { max: MAX_CHARS.message, fields: { message, formatted: message, params: { bag: LARGER_BAG } } };

const EVENT: Rule = {
	fields: {
		logentry,
		message: logentry,
		exception: { items: exception, fields: { values: { items: exception } } },
		stacktrace,
		threads: { items: thread, fields: { values: { items: thread } } },
		breadcrumbs: { ...breadcrumbs, fields: { values: breadcrumbs } },
		culprit: { max: MAX_CHARS.culprit },
		transaction: { max: MAX_CHARS.culprit },
		logger: { max: MAX_CHARS.logger },
		extra: { bag: LARGER_BAG },
		contexts: { other: { bag: LARGE_BAG } },
		request: { fields: { url: path, data: { bag: LARGE_BAG } } },
		user: { fields: { data: { bag: MEDIUM_BAG } } },
	},
};

/** Relay's trim_string: at most `max` characters, the last three of them "...". */
export function trimString(value: string, max: number): string {
	if (value.length <= max) return value;
	let end = Math.max(0, max - 3);
	// Never split a surrogate pair.
	const code = value.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return `${value.slice(0, end)}...`;
}

/** Renames keys longer than `max` (rare: only then is the object rebuilt, keeping its order). */
function withShortKeys(object: Json, max: number): Json {
	if (Object.keys(object).every((key) => key.length <= max)) return object;
	const short: Json = {};
	for (const [key, value] of Object.entries(object)) setOwn(short, trimString(key, max), value);
	return short;
}

/** A data bag: once its depth is spent a container becomes its JSON text; once its bytes are, the rest is dropped. */
function trimBagValue(value: unknown, depthLeft: number, budget: { bytes: number }): unknown {
	if (typeof value === "string") {
		const trimmed = trimString(value, Math.min(MAX_CHARS.message, Math.max(budget.bytes - 2, 3)));
		budget.bytes -= trimmed.length + 2;
		return trimmed;
	}
	if (typeof value !== "object" || value === null) {
		budget.bytes -= typeof value === "number" ? 8 : 5;
		return value;
	}
	if (depthLeft <= 1) return trimBagValue(JSON.stringify(value), depthLeft, budget);
	if (Array.isArray(value)) {
		let kept = 0;
		while (kept < value.length && budget.bytes > 0) {
			value[kept] = trimBagValue(value[kept], depthLeft - 1, budget);
			budget.bytes -= 1;
			kept++;
		}
		value.length = kept;
		return value;
	}
	const object = withShortKeys(value as Json, MAX_CHARS.symbol);
	for (const key of Object.keys(object)) {
		if (budget.bytes <= 0) delete object[key];
		else {
			budget.bytes -= key.length + 4;
			setOwn(object, key, trimBagValue(object[key], depthLeft - 1, budget));
		}
	}
	return object;
}

/** Trims `value` in place (strings, being immutable, are returned cut); returns what to keep. */
function trimValue(value: unknown, rule: Rule | undefined): unknown {
	if (typeof value === "string")
		return value.length > (rule?.max ?? MAX_CHARS.message) ? trimString(value, rule?.max ?? MAX_CHARS.message) : value;
	if (typeof value !== "object" || value === null) return value;
	if (rule?.bag) return trimBagValue(value, rule.bag.depth, { bytes: rule.bag.bytes });
	if (Array.isArray(value)) {
		if (rule?.last !== undefined && value.length > rule.last) value.splice(0, value.length - rule.last);
		for (let index = 0; index < value.length; index++) {
			const item = value[index];
			if (typeof item === "object" || typeof item === "string") value[index] = trimValue(item, rule?.items);
		}
		return value;
	}
	const object = withShortKeys(value as Json, MAX_CHARS.message);
	const fields = rule?.fields ?? {};
	for (const key of Object.keys(object)) {
		const item = object[key];
		if (typeof item !== "object" && typeof item !== "string") continue;
		const trimmed = trimValue(item, Object.hasOwn(fields, key) ? fields[key] : rule?.other);
		if (trimmed !== item) setOwn(object, key, trimmed);
	}
	return object;
}

/**
 * The event with Relay's limits applied, in place: it is the consumer's own copy, just parsed, and
 * trimming a megabyte of small values without copying them is what keeps this pass cheap.
 */
export function trimEvent(raw: Json): Json {
	return trimValue(raw, EVENT) as Json;
}
