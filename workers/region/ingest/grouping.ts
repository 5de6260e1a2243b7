/**
 * Grouping, title and culprit, as Sentry builds them. The grouping components are, in order of
 * preference: the event's custom fingerprint (with `{{ default }}` standing for what follows);
 * the stack frames of its exceptions — in-app frames if any, by module or file name and function,
 * never line numbers; else exception type and value; for an event without exceptions, the frames of
 * its top-level or only thread's stack trace; else the message template with numbers, hex values
 * and UUIDs replaced. The hash is the SHA-256 of the components.
 */
import type { GroupType } from "../../../schema/region";
import { sha256Hex } from "../../lib/crypto";
import { type Json, list, record, text, toText } from "../../lib/json";

export interface Grouping {
	hash: string;
	components: string[];
	title: string;
	culprit: string;
	type: GroupType;
	metadata: Json;
}

const firstLine = (value: string) => value.split("\n")[0]?.trim() ?? "";
const truncate = (value: string, length: number) => (value.length > length ? `${value.slice(0, length - 1)}…` : value);

function exceptionsOf(event: Json): Json[] {
	return list(record(event.exception).values).map(record);
}

/** The frames of anything with a `stacktrace`: an exception, a thread, the event itself. */
function framesOf(holder: Json): Json[] {
	return list(record(holder.stacktrace).frames).map(record);
}

/** Placeholders for the variable parts of a message, so "took 35 ms" and "took 36 ms" group together. */
export function parameterize(message: string): string {
	return message
		.replace(/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi, "<uuid>")
		.replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?\b/g, "<date>")
		.replace(/\b0x[0-9a-f]+\b/gi, "<hex>")
		.replace(/\b\d+(\.\d+)?\b/g, "<int>");
}

const fileBasename = (filename: string) => (filename.split(/[?#]/)[0] ?? "").split("/").pop()?.toLowerCase() ?? "";

/** module (or file name) + function; for anonymous code, the source line's text (never its number). */
function frameComponent(frame: Json): string | undefined {
	const where = text(frame.module) ?? (text(frame.filename) ? fileBasename(text(frame.filename) as string) : undefined);
	const named = text(frame.function);
	const fn = named && named !== "?" && named !== "<anonymous>" ? named : text(frame.context_line)?.trim();
	if (!where && !fn) return undefined;
	return `${where ?? "?"}:${fn ?? "?"}`;
}

/** In-app frames if the stack traces have any, else all frames; never line numbers. */
function stackComponents(stacktraces: Json[]): string[] {
	const all = stacktraces.flatMap(framesOf);
	const inApp = all.some((frame) => frame.in_app === true);
	return all
		.filter((frame) => !inApp || frame.in_app === true)
		.map(frameComponent)
		.filter((component): component is string => component !== undefined);
}

/**
 * The stack trace of an event without exceptions, as Sentry's `stacktrace` and `threads` grouping
 * strategies find it: the top-level `stacktrace`, else the one thread that has one (SDKs'
 * attach_stacktrace on messages).
 */
function messageStacktrace(event: Json): Json | undefined {
	if (framesOf(event).length) return event;
	const threads = list(record(event.threads).values)
		.map(record)
		.filter((thread) => framesOf(thread).length);
	return threads.length === 1 ? threads[0] : undefined;
}

/**
 * SDKs attach a synthetic exception to a captured message only to carry its stack trace: such an
 * event is a message, named and grouped by its text.
 */
function realExceptions(event: Json): Json[] {
	const exceptions = exceptionsOf(event);
	const message = text(record(event.logentry).formatted);
	const synthetic = (exception: Json) =>
		record(exception.mechanism).synthetic === true || (message !== undefined && text(exception.value) === message);
	return exceptions.every(synthetic) ? [] : exceptions;
}

function defaultComponents(event: Json): string[] {
	const exceptions = realExceptions(event);
	if (exceptions.length) {
		const frames = stackComponents(exceptions);
		const types = exceptions.map((exception) => text(exception.type) ?? "Error");
		if (frames.length) return [...types, ...frames];
		return exceptions.flatMap((exception) => [
			text(exception.type) ?? "Error",
			parameterize(text(exception.value) ?? ""),
		]);
	}
	// A stack trace takes precedence over the message, as in Sentry's grouping strategies.
	const stacktrace = messageStacktrace(event);
	const frames = stacktrace ? stackComponents([stacktrace]) : [];
	if (frames.length) return frames;
	const logentry = record(event.logentry);
	const template = text(logentry.message) ?? text(logentry.formatted);
	if (template) return [parameterize(firstLine(template))];
	if (text(event.transaction)) return [text(event.transaction) as string];
	return ["<no message>"];
}

/** The most relevant frame: the last in-app frame of the last exception, else its last frame. */
function culpritFrame(event: Json): Json | undefined {
	const frames = exceptionsOf(event).flatMap(framesOf);
	return [...frames].reverse().find((frame) => frame.in_app === true) ?? frames.at(-1);
}

/** Sentry's get_frame_culprit: the function for native code, `function(file)` for JavaScript, else `file in function`. */
function frameCulprit(frame: Json, eventPlatform: string | undefined): string {
	const platform = text(frame.platform) ?? eventPlatform;
	const fn = text(frame.function) || "?";
	if (platform === "objc" || platform === "cocoa" || platform === "native") return fn;
	const where = text(frame.module) || text(frame.filename);
	if (!where) return "";
	return platform === "javascript" || platform === "node" ? `${fn}(${where})` : `${truncate(where, 100)} in ${fn}`;
}

/** Sentry's get_stacktrace_culprit: the last in-app frame that names a place, else the last frame. */
function stacktraceCulprit(frames: Json[], platform: string | undefined): string {
	let fallback: string | undefined;
	for (const frame of [...frames].reverse()) {
		if (frame.in_app === true) {
			const culprit = frameCulprit(frame, platform);
			if (culprit) return culprit;
		} else fallback ??= frameCulprit(frame, platform);
	}
	return fallback ?? "";
}

/**
 * Sentry's get_culprit: the event's own culprit, else its transaction, else the last stack trace's
 * frame (none for a synthetic exception), else the request URL.
 */
function culpritOf(event: Json): string {
	const explicit = text(event.culprit) || text(event.transaction);
	if (explicit) return truncate(explicit, 200);
	const platform = text(event.platform);
	const exceptions = exceptionsOf(event);
	if (exceptions.length && record(exceptions.at(-1)?.mechanism).synthetic === true) return "";
	const stacktraces = exceptions.length ? exceptions.filter((exception) => framesOf(exception).length) : [event];
	const last = stacktraces.at(-1);
	const culprit = (last && stacktraceCulprit(framesOf(last), platform)) || text(record(event.request).url) || "";
	return truncate(culprit, 200);
}

function titleAndMetadata(event: Json): Pick<Grouping, "title" | "type" | "metadata"> {
	const exception = exceptionsOf(event).at(-1);
	// SDKs attach a synthetic exception to messages only to carry a stack trace: the message names the issue.
	if (
		exception &&
		record(exception.mechanism).synthetic !== true &&
		!(text(record(event.logentry).message) && text(exception.value) === text(record(event.logentry).formatted))
	) {
		const type = text(exception.type) ?? "Error";
		const value = firstLine(text(exception.value) ?? "");
		const frame = culpritFrame(event);
		return {
			type: "error",
			title: truncate(value ? `${type}: ${value}` : type, 200),
			metadata: { type, value, ...(frame ? { filename: frame.filename, function: frame.function } : {}) },
		};
	}
	const message = firstLine(text(record(event.logentry).formatted) ?? text(record(event.logentry).message) ?? "");
	const title = truncate(message || text(event.transaction) || "<unlabeled event>", 200);
	return { type: "default", title, metadata: { title } };
}

export async function groupEvent(event: Json): Promise<Grouping> {
	const fingerprint = list(event.fingerprint).map(toText);
	const defaults = defaultComponents(event);
	const components =
		fingerprint.length && !(fingerprint.length === 1 && fingerprint[0] === "{{ default }}")
			? fingerprint.flatMap((part) => (part === "{{ default }}" ? defaults : [`fingerprint:${part}`]))
			: defaults;
	const hash = (await sha256Hex(JSON.stringify(components))).slice(0, 32);
	return { hash, components, culprit: culpritOf(event), ...titleAndMetadata(event) };
}
