/**
 * The symbolication stage with real source maps (esbuild bundles and minifies a small module), over
 * an in-memory file index standing in for D1 + R2 (the workers and e2e tests cover those).
 */
import { generatedPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../../../../workers/lib/json";
import { LruCache } from "../../../../workers/lib/lru";
import { declarationsIn } from "../../../../workers/region/sourcemaps/minified";
import type { SourceFileIndex, StoredFile } from "../../../../workers/region/sourcemaps/store";
import {
	candidateUrls,
	displayFilename,
	MAX_FILES_PER_EVENT,
	newSymbolicationCache,
	symbolicateEvent,
} from "../../../../workers/region/sourcemaps/symbolicate";

const SOURCE = `export function computeTotal(items: number[]): number {
	if (items.length > 2) {
		throw new Error("total overflow");
	}
	return items.reduce((sum, item) => sum + item, 0);
}

export function main(): number {
	return computeTotal([1, 2, 3]);
}
`;
const DEBUG_ID = "f8c2bac6-7177-50a1-a6f7-5bb122124da4";

let minified = "";
let sourceMap = "";
/** The minified position of `throw` and of the call in `main`, as a browser would report them (1-based). */
let throwAt = { line: 0, column: 0 };
let callAt = { line: 0, column: 0 };
let minifiedName = "";
let minifiedMain = "";

beforeAll(async () => {
	const result = await build({
		stdin: { contents: SOURCE, loader: "ts", sourcefile: "src/app.ts", resolveDir: "/" },
		outfile: "/dist/app.min.js",
		bundle: true,
		minify: true,
		sourcemap: "external",
		format: "iife",
		globalName: "app",
		write: false,
	});
	for (const file of result.outputFiles) {
		if (file.path.endsWith(".map")) sourceMap = file.text;
		else minified = file.text;
	}
	const map = new TraceMap(sourceMap);
	const position = (line: number, column: number) => {
		const generated = generatedPositionFor(map, { source: map.sources[0] ?? "", line, column });
		return { line: generated.line ?? 0, column: (generated.column ?? 0) + 1 };
	};
	throwAt = position(3, 2);
	callAt = position(9, 8);
	minifiedName = minified.match(/function (\w+)\(\w+\)\{if\(/)?.[1] ?? "";
	minifiedMain = minified.match(/function (\w+)\(\)\{return/)?.[1] ?? "";
});

function memoryIndex(files: (StoredFile & { debugId?: string; release?: string; content: string })[]) {
	const reads: string[] = [];
	const index: SourceFileIndex = {
		byDebugId: async (debugId, type) => files.find((file) => file.debugId === debugId && file.type === type),
		hasRelease: async (release) => files.some((file) => file.release === release),
		byUrl: async (release, _dist, urls) =>
			urls.map((url) => files.find((file) => file.release === release && file.url === url)).find(Boolean),
		read: async (objectKey) => {
			reads.push(objectKey);
			return files.find((file) => file.objectKey === objectKey)?.content;
		},
	};
	return { index, reads };
}

const debugIdFiles = () => [
	{
		url: "~/app.min.js",
		type: "minified_source",
		sourceMapRef: "app.min.js.map",
		objectKey: "b/0",
		debugId: DEBUG_ID,
		content: minified,
	},
	{
		url: "~/app.min.js.map",
		type: "source_map",
		sourceMapRef: null,
		objectKey: "b/1",
		debugId: DEBUG_ID,
		content: sourceMap,
	},
];

function jsEvent(path: string, extra: Json = {}): Json {
	return {
		platform: "javascript",
		exception: {
			values: [
				{
					type: "Error",
					value: "total overflow",
					stacktrace: {
						frames: [
							{
								abs_path: path,
								filename: "/app.min.js",
								function: `Object.${minifiedMain}`,
								lineno: callAt.line,
								colno: callAt.column,
							},
							{
								abs_path: path,
								filename: "/app.min.js",
								function: minifiedName,
								lineno: throwAt.line,
								colno: throwAt.column,
							},
						],
					},
				},
			],
		},
		...extra,
	};
}

const framesOf = (event: Json) =>
	((event.exception as Json).values as { stacktrace: { frames: Json[] }; raw_stacktrace?: { frames: Json[] } }[])[0];

describe("symbolicateEvent", () => {
	it("maps minified frames by debug ID to the original file, line, function and context", async () => {
		const path = "https://example.com/static/app.min.js";
		const { index } = memoryIndex(debugIdFiles());
		const event = await symbolicateEvent(
			jsEvent(path, {
				debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID.toUpperCase() }] },
			}),
			{ index, cache: newSymbolicationCache() },
		);
		const value = framesOf(event);
		expect(value?.stacktrace.frames[1]).toMatchObject({
			filename: "src/app.ts",
			abs_path: "https://example.com/src/app.ts",
			function: "computeTotal",
			lineno: 3,
			colno: 3,
			context_line: '\t\tthrow new Error("total overflow");',
			pre_context: ["export function computeTotal(items: number[]): number {", "\tif (items.length > 2) {"],
			post_context: [
				"\t}",
				"\treturn items.reduce((sum, item) => sum + item, 0);",
				"}",
				"",
				"export function main(): number {",
			],
			data: { symbolicated: true, symbolicator_status: "symbolicated", resolved_with: "debug-id" },
		});
		expect(value?.stacktrace.frames[0]).toMatchObject({ function: "main", lineno: 9 });
		expect(value?.raw_stacktrace?.frames[1]).toMatchObject({
			abs_path: path,
			function: minifiedName,
			lineno: throwAt.line,
		});
		expect(event.errors).toBeUndefined();
	});

	it("symbolicates threads' stack traces too (messages with attached stack traces)", async () => {
		const path = "https://example.com/static/app.min.js";
		const { index } = memoryIndex(debugIdFiles());
		const { exception, ...rest } = jsEvent(path, {
			debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] },
		});
		const stacktrace = ((exception as Json).values as Json[])[0]?.stacktrace;
		const event = await symbolicateEvent(
			{ ...rest, threads: { values: [{ id: 1, stacktrace }] } },
			{ index, cache: newSymbolicationCache() },
		);
		const [thread] = (event.threads as { values: { stacktrace: { frames: Json[] }; raw_stacktrace: unknown }[] })
			.values;
		expect(thread?.stacktrace.frames[1]).toMatchObject({ function: "computeTotal", lineno: 3 });
		expect(thread?.raw_stacktrace).toEqual(stacktrace);
	});

	it("finds the map by release and URL through the minified file's sourcemap reference", async () => {
		const files = debugIdFiles().map(({ debugId: _, ...file }) => ({
			...file,
			release: "web@1.0.0",
			url: file.url.replace("~/", "~/static/"),
		}));
		const { index } = memoryIndex(files);
		const event = await symbolicateEvent(
			jsEvent("https://cdn.example.com/static/app.min.js", { release: "web@1.0.0" }),
			{
				index,
				cache: newSymbolicationCache(),
			},
		);
		expect(framesOf(event)?.stacktrace.frames[1]).toMatchObject({
			function: "computeTotal",
			lineno: 3,
			data: { resolved_with: "release", sourcemap: "~/static/app.min.js.map" },
		});
	});

	it("looks up by URL only in releases that have uploads, and then says what is missing", async () => {
		const { index } = memoryIndex(debugIdFiles().map((file) => ({ ...file, debugId: undefined, release: "web@1" })));
		const elsewhere = "https://example.com/other.min.js";
		const untouched = await symbolicateEvent(jsEvent(elsewhere, { release: "web@2" }), { index });
		expect(framesOf(untouched)?.stacktrace.frames[1]?.data).toBeUndefined();
		expect(untouched.errors).toBeUndefined();
		const missing = await symbolicateEvent(jsEvent(elsewhere, { release: "web@1" }), { index });
		expect(framesOf(missing)?.stacktrace.frames[1]?.data).toMatchObject({ symbolicator_status: "missing_sourcemap" });
		expect(missing.errors).toEqual([
			{
				type: "js_no_source",
				url: elsewhere,
				reason: "no debug ID for this file in the event, and no source map for release web@1 at this URL",
			},
		]);
	});

	it("says which debug ID had no upload, and keeps the minified frame", async () => {
		const path = "https://example.com/app.min.js";
		const otherId = "00000000-0000-4000-8000-000000000001";
		const { index } = memoryIndex(debugIdFiles());
		const event = await symbolicateEvent(
			jsEvent(path, { debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: otherId }] } }),
			{ index, cache: newSymbolicationCache() },
		);
		expect(framesOf(event)?.stacktrace.frames[1]).toMatchObject({
			lineno: throwAt.line,
			data: { symbolicated: false, symbolicator_status: "missing_sourcemap" },
		});
		expect(framesOf(event)?.raw_stacktrace).toBeUndefined();
		expect(event.errors).toEqual([
			{ type: "js_no_source", url: path, reason: `no source map with debug ID ${otherId} was uploaded` },
		]);
	});

	it("reports an invalid map as js_invalid_source", async () => {
		const path = "https://example.com/app.min.js";
		const files = debugIdFiles().map((file) => (file.type === "source_map" ? { ...file, content: "{not json" } : file));
		const { index } = memoryIndex(files);
		const event = await symbolicateEvent(
			jsEvent(path, { debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] } }),
			{ index, cache: newSymbolicationCache() },
		);
		expect(framesOf(event)?.stacktrace.frames[1]?.data).toMatchObject({ symbolicator_status: "malformed_sourcemap" });
		expect(event.errors).toEqual([expect.objectContaining({ type: "js_invalid_source", url: "~/app.min.js.map" })]);
	});

	it("leaves other platforms, and frames with nothing to look up by, alone", async () => {
		const { index } = memoryIndex(debugIdFiles());
		const python = { ...jsEvent("https://example.com/app.min.js"), platform: "python" };
		expect(await symbolicateEvent(python, { index })).toBe(python);
		const noHints = await symbolicateEvent(jsEvent("https://example.com/app.min.js"), { index });
		expect(framesOf(noHints)?.stacktrace.frames[1]?.data).toBeUndefined();
		expect(noHints.errors).toBeUndefined();
		const path = "https://example.com/app.min.js";
		const zeroLine = jsEvent(path, {
			debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] },
		});
		const frames = framesOf(zeroLine)?.stacktrace.frames ?? [];
		for (const frame of frames) frame.lineno = 0;
		expect(framesOf(await symbolicateEvent(zeroLine, { index }))?.stacktrace.frames[1]).toEqual(frames[1]);
	});

	it("fails the event when storage fails, and reads again on the retry", async () => {
		const path = "https://example.com/app.min.js";
		const { index } = memoryIndex(debugIdFiles());
		const cache = newSymbolicationCache();
		const event = jsEvent(path, {
			debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] },
		});
		const unavailable = { ...index, read: () => Promise.reject(new Error("R2 unavailable")) };
		await expect(symbolicateEvent(event, { index: unavailable, cache })).rejects.toThrow("R2 unavailable");
		const retried = await symbolicateEvent(event, { index, cache });
		expect(framesOf(retried)?.stacktrace.frames[1]).toMatchObject({ function: "computeTotal", lineno: 3 });
	});

	it("parses each map once for a burst of events, and says what one event costs", async () => {
		const path = "https://example.com/app.min.js";
		const { index, reads } = memoryIndex(debugIdFiles());
		const cache = newSymbolicationCache();
		const event = jsEvent(path, {
			debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] },
		});
		const started = performance.now();
		await symbolicateEvent(event, { index, cache });
		const first = performance.now() - started;
		const burst = 200;
		const warm = performance.now();
		for (let count = 0; count < burst; count++) await symbolicateEvent(event, { index, cache });
		const perEvent = (performance.now() - warm) / burst;
		expect(reads.sort()).toEqual(["b/0", "b/1"]);
		console.log(
			`symbolication: first event ${first.toFixed(2)} ms (reads and parses the map), then ${perEvent.toFixed(3)} ms per event with the map cached (2 frames)`,
		);
	});
});

describe("symbolication work per event", () => {
	it("looks up at most 20 files however many frames and debug images name others, in-app and innermost first", async () => {
		const { index } = memoryIndex(debugIdFiles());
		let lookups = 0;
		const counting: SourceFileIndex = {
			...index,
			byDebugId: (debugId, type) => {
				lookups++;
				return index.byDebugId(debugId, type);
			},
		};
		const frames = Array.from({ length: 250 }, (_, position) => ({
			abs_path: `https://example.com/chunk-${position}.js`,
			function: "f",
			lineno: 1,
			colno: 1,
			in_app: position % 2 === 0,
		}));
		const images = Array.from({ length: 5000 }, (_, position) => ({
			type: "sourcemap",
			code_file: `https://example.com/chunk-${position}.js`,
			debug_id: `${position.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
		}));
		const event = await symbolicateEvent(
			{ platform: "javascript", exception: { values: [{ stacktrace: { frames } }] }, debug_meta: { images } },
			{ index: counting, cache: newSymbolicationCache() },
		);
		expect(lookups).toBeLessThanOrEqual(MAX_FILES_PER_EVENT);
		const statuses = framesOf(event)?.stacktrace.frames.map(
			(frame) => (frame.data as Json | undefined)?.symbolicator_status,
		);
		expect(statuses?.filter((status) => status !== undefined)).toHaveLength(MAX_FILES_PER_EVENT);
		expect(statuses?.[248]).toBe("missing_sourcemap"); // the innermost in-app frame was looked up
		expect(statuses?.[249]).toBeUndefined(); // the innermost frame, not in app, was not
		expect((event.errors as Json[]).map((error) => error.type)).toContain("js_too_many_sources");
	});

	it("reads a minified file's declarations once, in one pass however it is built", () => {
		const hostile = "e(".repeat(100_000);
		expect(declarationsIn(`${hostile}\nfunction named(){}`).get("named")).toEqual([{ line: 2, column: 9 }]);
	});
});

describe("lookup helpers", () => {
	it("tries the full URL, then ~/ paths from the most to the least specific", () => {
		expect(candidateUrls("https://example.com/static/js/app.min.js?v=1")).toEqual([
			"https://example.com/static/js/app.min.js?v=1",
			"~/static/js/app.min.js?v=1",
			"~/static/js/app.min.js",
			"~/js/app.min.js",
			"~/app.min.js",
		]);
	});

	it("shows source paths without scheme or leading dots", () => {
		expect(displayFilename("webpack://my-app/./src/index.ts")).toBe("src/index.ts");
		expect(displayFilename("../../src/app.ts")).toBe("src/app.ts");
	});

	it("evicts the least recently used entry", () => {
		const cache = new LruCache<number>(2);
		cache.set("a", 1);
		cache.set("b", 2);
		cache.get("a");
		cache.set("c", 3);
		expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
	});
});
