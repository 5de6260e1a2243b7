/**
 * JavaScript symbolication (what Sentry's Symbolicator does for JS): each minified frame of an
 * exception is mapped through its uploaded source map to the original file, line, column, function
 * and context lines. The map is found by debug ID (the event's `debug_meta.images` of type
 * `sourcemap` whose `code_file` is the frame's path), else by release + dist + URL. The minified
 * frames are kept as the exception's `raw_stacktrace`; a frame that cannot be mapped keeps its
 * minified data and says why in `data.symbolicator_status`, with an entry in the event's `errors`.
 * Parsed maps are cached per isolate (a small LRU), so a burst of events from one release parses
 * each map once.
 */
import { type EncodedSourceMap, originalPositionFor, sourceContentFor, TraceMap } from "@jridgewell/trace-mapping";
import { type Json, list, record, text } from "../../lib/json";
import { LruCache } from "../../lib/lru";
import { normalizeDebugId } from "./bundles";
import { type Declarations, declarationsIn, originalFunctionName, sourceMappingUrl } from "./minified";
import type { SourceFileIndex, StoredFile } from "./store";

const CONTEXT_LINES = 5;
const MAX_CONTEXT_LINE_LENGTH = 200;
const JS_PLATFORMS = new Set(["javascript", "node"]);

/** Why a frame was not (fully) mapped: the frame's `data.symbolicator_status` and the event error type. */
type Failure = { status: string; type: string; reason: string; url: string };

type Loaded = { map: TraceMap } | { invalid: string };
/** Parsed maps and minified sources by R2 object key (object keys name one bundle's file, never reused). */
export interface SymbolicationCache {
	maps: LruCache<Promise<Loaded>>;
	sources: LruCache<Promise<string | undefined>>;
	/** Original source files split into lines, by map object key and source. */
	sourceLines: LruCache<string[]>;
	/** Function declarations of minified files, by object key. */
	declarations: LruCache<Declarations>;
	/** Original function names, by minified file object key and minified name. */
	functionNames: LruCache<{ name: string | undefined }>;
}
export const newSymbolicationCache = (capacity = 8): SymbolicationCache => ({
	maps: new LruCache(capacity),
	sources: new LruCache(capacity),
	sourceLines: new LruCache(capacity * 8),
	declarations: new LruCache(capacity),
	functionNames: new LruCache(capacity * 64),
});
const isolateCache = newSymbolicationCache();

function cached<V>(cache: LruCache<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
	let value = cache.get(key);
	if (!value) {
		value = load();
		cache.set(key, value);
		// A failed read (storage unavailable) is not remembered: the retried batch reads again.
		value.catch(() => cache.delete(key));
	}
	return value;
}

export function parseSourceMap(content: string): Loaded {
	try {
		const parsed = JSON.parse(content) as EncodedSourceMap;
		if (typeof parsed !== "object" || parsed === null || typeof parsed.mappings !== "string")
			return { invalid: "the source map has no mappings" };
		return { map: new TraceMap(parsed) };
	} catch (error) {
		return { invalid: `the source map is not valid (${(error as Error).message})` };
	}
}

/** The file name Sentry shows for a source path: no scheme (`webpack://app/`) and no leading `./` or `../`. */
export function displayFilename(source: string): string {
	return source.replace(/^[a-z][\w+.-]*:\/\/[^/]*\//i, "").replace(/^(\.{1,2}\/)+/, "");
}

/** The original source's absolute path, beside the minified file it was bundled into. */
function resolveSource(source: string, minifiedPath: string): string {
	try {
		if (minifiedPath.startsWith("/")) return new URL(source, `file://${minifiedPath}`).pathname;
		return new URL(source, minifiedPath).href;
	} catch {
		return source;
	}
}

const clip = (line: string) => line.slice(0, MAX_CONTEXT_LINE_LENGTH);

function contextOf(lines: string[], line: number): Json {
	if (line < 1 || line > lines.length) return {};
	return {
		pre_context: lines.slice(Math.max(0, line - 1 - CONTEXT_LINES), line - 1).map(clip),
		context_line: clip(lines[line - 1] ?? ""),
		post_context: lines.slice(line, line + CONTEXT_LINES).map(clip),
	};
}

/** URLs a release file could have been uploaded under for a frame's path (`~/` stands for any host). */
export function candidateUrls(absPath: string): string[] {
	const candidates = [absPath];
	let path = absPath;
	try {
		const url = new URL(absPath);
		path = url.pathname + url.search;
		if (url.protocol !== "file:") candidates.push(`~${url.pathname}${url.search}`, `~${url.pathname}`);
	} catch {}
	const segments = path.split("?")[0]?.split("/").filter(Boolean) ?? [];
	for (let start = 0; start < segments.length; start++) candidates.push(`~/${segments.slice(start).join("/")}`);
	return [...new Set(candidates)];
}

function resolveReference(reference: string, url: string): string {
	if (/^[a-z][\w+.-]*:/i.test(reference) || reference.startsWith("~/")) return reference;
	const base = url.startsWith("~/") ? `http://tilde.invalid${url.slice(1)}` : url;
	try {
		const resolved = new URL(reference, base.startsWith("/") ? `file://${base}` : base);
		if (url.startsWith("~/")) return `~${resolved.pathname}`;
		return base.startsWith("/") ? resolved.pathname : resolved.href;
	} catch {
		return reference;
	}
}

interface Located {
	mapFile: StoredFile;
	minifiedFile: StoredFile | undefined;
	resolvedWith: "debug-id" | "release";
}

export interface SymbolicationInput {
	index: SourceFileIndex;
	cache?: SymbolicationCache;
}

/**
 * At most this many distinct files are looked up for one event (a lookup is up to three D1 queries
 * and two R2 reads; a hostile event once named a file per frame): those of in-app frames first,
 * innermost first. Frames in other files keep their minified data (`js_too_many_sources`).
 */
export const MAX_FILES_PER_EVENT = 20;

/** The file a frame would be looked up by, if it has a position to map. */
function lookupPath(frame: Json): string | undefined {
	const path = text(frame.abs_path) ?? text(frame.filename);
	const line = frame.lineno;
	const column = frame.colno;
	if (!path || /^(node|native|internal)[:/]/.test(path)) return undefined;
	if (!Number.isSafeInteger(line) || !Number.isSafeInteger(column) || (line as number) < 1 || (column as number) < 1)
		return undefined;
	return path;
}

function filesToLookUp(holders: Json[]): Set<string> {
	const frames = holders.flatMap((holder) => list(record(holder.stacktrace).frames).map(record)).reverse();
	const files = new Set<string>();
	for (const frame of [...frames.filter((f) => f.in_app !== false), ...frames.filter((f) => f.in_app === false)]) {
		const path = lookupPath(frame);
		if (path) files.add(path);
		if (files.size === MAX_FILES_PER_EVENT) break;
	}
	return files;
}

class Symbolicator {
	readonly cache: SymbolicationCache;
	readonly debugIds: Map<string, string>;
	readonly locatedByPath = new Map<string, Promise<Located | Failure>>();
	readonly files: Set<string>;
	constructor(
		readonly index: SourceFileIndex,
		readonly event: Json,
		holders: Json[],
		cache: SymbolicationCache,
	) {
		this.cache = cache;
		this.files = filesToLookUp(holders);
		this.debugIds = new Map();
		for (const image of list(record(event.debug_meta).images).map(record)) {
			const debugId = normalizeDebugId(image.debug_id);
			const codeFile = text(image.code_file);
			if (image.type === "sourcemap" && debugId && codeFile) this.debugIds.set(codeFile, debugId);
		}
	}

	readText(file: StoredFile) {
		return cached(this.cache.sources, file.objectKey, () => this.index.read(file.objectKey));
	}

	loadMap(file: StoredFile) {
		return cached(this.cache.maps, file.objectKey, async () => {
			const content = await this.index.read(file.objectKey);
			return content === undefined
				? { invalid: "the source map's file is missing from storage" }
				: parseSourceMap(content);
		});
	}

	functionName(map: TraceMap, minifiedFile: StoredFile, minified: string | undefined, minifiedName: string) {
		const key = `${minifiedFile.objectKey}\0${minifiedName}`;
		let found = this.cache.functionNames.get(key);
		if (!found) {
			let declarations = this.cache.declarations.get(minifiedFile.objectKey);
			if (!declarations && minified) {
				declarations = declarationsIn(minified);
				this.cache.declarations.set(minifiedFile.objectKey, declarations);
			}
			found = { name: declarations && originalFunctionName(map, declarations, minifiedName) };
			this.cache.functionNames.set(key, found);
		}
		return found.name;
	}

	sourceLines(map: TraceMap, mapFile: StoredFile, source: string) {
		const key = `${mapFile.objectKey}\0${source}`;
		let lines = this.cache.sourceLines.get(key);
		if (!lines) {
			lines = sourceContentFor(map, source)?.split(/\r?\n/);
			if (lines) this.cache.sourceLines.set(key, lines);
		}
		return lines;
	}

	#releaseHasFiles: Promise<boolean> | undefined;
	releaseHasFiles(): Promise<boolean> {
		const release = text(this.event.release);
		if (!release) return Promise.resolve(false);
		this.#releaseHasFiles ??= this.index.hasRelease(release, text(this.event.dist) ?? null);
		return this.#releaseHasFiles;
	}

	/** One lookup per file and event, however many of its frames are in it. */
	locate(path: string): Promise<Located | Failure> {
		let located = this.locatedByPath.get(path);
		if (!located) {
			located = this.lookUp(path);
			this.locatedByPath.set(path, located);
		}
		return located;
	}

	async lookUp(path: string): Promise<Located | Failure> {
		const debugId = this.debugIds.get(path);
		if (debugId) {
			const mapFile = await this.index.byDebugId(debugId, "source_map");
			if (mapFile)
				return {
					mapFile,
					minifiedFile: await this.index.byDebugId(debugId, "minified_source"),
					resolvedWith: "debug-id",
				};
		}
		const release = text(this.event.release);
		if (release) {
			const dist = text(this.event.dist) ?? null;
			const minifiedFile = await this.index.byUrl(release, dist, candidateUrls(path));
			const minified = minifiedFile && (await this.readText(minifiedFile));
			const reference = minifiedFile && (minifiedFile.sourceMapRef ?? (minified && sourceMappingUrl(minified)));
			const mapUrls = reference
				? [resolveReference(reference, minifiedFile.url)]
				: candidateUrls(path).map((url) => `${url}.map`);
			const mapFile = await this.index.byUrl(release, dist, mapUrls);
			if (mapFile) return { mapFile, minifiedFile, resolvedWith: "release" };
		}
		return {
			status: "missing_sourcemap",
			type: "js_no_source",
			url: path,
			reason: debugId
				? `no source map with debug ID ${debugId} was uploaded${release ? `, nor one for release ${release} at this URL` : ""}`
				: `no debug ID for this file in the event, and no source map for release ${release} at this URL`,
		};
	}

	async frame(frame: Json): Promise<{ frame: Json; failure?: Failure }> {
		const path = lookupPath(frame);
		if (!path) return { frame };
		const line = frame.lineno as number;
		const column = frame.colno as number;
		// Without a debug ID, only a release with uploads is worth a lookup (unbundled apps have none).
		if (!this.debugIds.has(path) && !(await this.releaseHasFiles())) return { frame };
		const fail = (failure: Failure) => ({
			frame: { ...frame, data: { ...record(frame.data), symbolicated: false, symbolicator_status: failure.status } },
			failure,
		});
		// Left as it came, with one error for the event however many files were left out.
		if (!this.files.has(path))
			return {
				frame,
				failure: {
					status: "too_many_sources",
					type: "js_too_many_sources",
					url: "",
					reason: `only ${MAX_FILES_PER_EVENT} files are looked up for one event`,
				},
			};
		const located = await this.locate(path);
		if ("status" in located) return fail(located);
		const loaded = await this.loadMap(located.mapFile);
		if ("invalid" in loaded)
			return fail({
				status: "malformed_sourcemap",
				type: "js_invalid_source",
				url: located.mapFile.url,
				reason: loaded.invalid,
			});
		const original = originalPositionFor(loaded.map, { line, column: column - 1 });
		if (!original.source || original.line === null)
			return fail({
				status: "invalid_source_mapping",
				type: "js_invalid_sourcemap_location",
				url: path,
				reason: `the source map has no mapping for line ${line}, column ${column}`,
			});
		const minified = located.minifiedFile ? await this.readText(located.minifiedFile) : undefined;
		const minifiedName = text(frame.function);
		const functionName =
			located.minifiedFile && minifiedName
				? this.functionName(loaded.map, located.minifiedFile, minified, minifiedName)
				: undefined;
		const lines = this.sourceLines(loaded.map, located.mapFile, original.source);
		const filename = displayFilename(original.source);
		const mapped: Json = {
			...frame,
			abs_path: resolveSource(original.source, path),
			filename,
			...(frame.module !== undefined ? { module: filename.replace(/\.[^./]+$/, "") } : {}),
			function: functionName ?? frame.function,
			lineno: original.line,
			colno: (original.column ?? 0) + 1,
			pre_context: undefined,
			context_line: undefined,
			post_context: undefined,
			...(lines ? contextOf(lines, original.line) : {}),
			data: {
				...record(frame.data),
				symbolicated: true,
				symbolicator_status: lines ? "symbolicated" : "missing_source",
				resolved_with: located.resolvedWith,
				sourcemap: located.mapFile.url,
			},
		};
		for (const key of ["pre_context", "context_line", "post_context"])
			if (mapped[key] === undefined) delete mapped[key];
		if (lines) return { frame: mapped };
		return {
			frame: mapped,
			failure: {
				status: "missing_source",
				type: "js_missing_sources_content",
				url: original.source,
				reason: "the source map has no sourcesContent for this file",
			},
		};
	}
}

const hasFrames = (holder: Json) => list(record(holder.stacktrace).frames).length > 0;

/**
 * The event with the stack traces of its exceptions and threads symbolicated, each keeping its
 * minified frames as `raw_stacktrace` (the input is not changed).
 */
export async function symbolicateEvent(
	event: Json,
	{ index, cache = isolateCache }: SymbolicationInput,
): Promise<Json> {
	if (!JS_PLATFORMS.has(text(event.platform) ?? "")) return event;
	const exceptions = list(record(event.exception).values).map(record);
	const threads = list(record(event.threads).values).map(record);
	if (!exceptions.some(hasFrames) && !threads.some(hasFrames)) return event;
	const symbolicator = new Symbolicator(index, event, [...exceptions, ...threads], cache);
	const errors = list(event.errors).map(record);
	const reported = new Set<string>();
	const symbolicateHolder = async (holder: Json): Promise<Json> => {
		if (!hasFrames(holder)) return holder;
		const stacktrace = record(holder.stacktrace);
		const frames = list(stacktrace.frames).map(record);
		const results = [];
		for (const frame of frames) results.push(await symbolicator.frame(frame));
		for (const [position, { failure }] of results.entries()) {
			const key = failure && `${failure.type}:${failure.url}`;
			if (!failure || !key || reported.has(key) || frames[position]?.in_app === false) continue;
			reported.add(key);
			errors.push({ type: failure.type, ...(failure.url ? { url: failure.url } : {}), reason: failure.reason });
		}
		const changed = results.some(({ frame }) => record(frame.data).symbolicated === true);
		return {
			...holder,
			stacktrace: { ...stacktrace, frames: results.map(({ frame }) => frame) },
			...(changed ? { raw_stacktrace: stacktrace } : {}),
		};
	};
	const symbolicated: Json = { ...event };
	if (exceptions.length) {
		const values = [];
		for (const exception of exceptions) values.push(await symbolicateHolder(exception));
		symbolicated.exception = { ...record(event.exception), values };
	}
	if (threads.length) {
		const values = [];
		for (const thread of threads) values.push(await symbolicateHolder(thread));
		symbolicated.threads = { ...record(event.threads), values };
	}
	if (errors.length) symbolicated.errors = errors;
	return symbolicated;
}
