/**
 * npm run bench:symbolicate: what symbolicating one JavaScript event costs in CPU, with a realistic
 * map (hono and zod bundled and minified by esbuild, ~1 MB of map): the first event of a release
 * (fetch + parse the map), then each further event with the parsed map cached. File lookups are in
 * memory here; in the consumer each distinct file of an event adds its D1 lookups (2 by debug ID).
 */
import { build } from "esbuild";
import type { SourceFileIndex } from "../../workers/region/sourcemaps/store";
import { newSymbolicationCache, symbolicateEvent } from "../../workers/region/sourcemaps/symbolicate";

const FRAMES = 20;
const EVENTS = 500;

const result = await build({
	stdin: { contents: 'export * from "hono"; export * from "zod";', resolveDir: process.cwd(), loader: "ts" },
	outfile: "/bench/app.min.js",
	bundle: true,
	minify: true,
	sourcemap: "external",
	format: "esm",
	write: false,
	logLevel: "silent",
});
const minified = result.outputFiles.find((file) => !file.path.endsWith(".map"))?.text ?? "";
const map = result.outputFiles.find((file) => file.path.endsWith(".map"))?.text ?? "";
const debugId = "6a3b1b0e-8f1c-4c55-9d2e-0a1b2c3d4e5f";
const files = [
	{ url: "~/app.min.js", type: "minified_source", sourceMapRef: null, objectKey: "min", content: minified },
	{ url: "~/app.min.js.map", type: "source_map", sourceMapRef: null, objectKey: "map", content: map },
];
const index: SourceFileIndex = {
	byDebugId: async (_id, type) => files.find((file) => file.type === type),
	byUrl: async () => undefined,
	hasRelease: async () => false,
	read: async (key) => files.find((file) => file.objectKey === key)?.content,
};
const lines = minified.split("\n");
const path = "https://example.com/app.min.js";
const frames = Array.from({ length: FRAMES }, (_, n) => {
	const line = 1 + ((n * 7) % lines.length);
	const column = 1 + Math.floor(((((n + 1) * 7919) % 1000) / 1000) * (lines[line - 1]?.length ?? 1));
	return { abs_path: path, function: "e", lineno: line, colno: column };
});
const event = {
	platform: "javascript",
	debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: debugId }] },
	exception: { values: [{ type: "Error", value: "bench", stacktrace: { frames } }] },
};

const cache = newSymbolicationCache();
let started = performance.now();
await symbolicateEvent(event, { index, cache });
const first = performance.now() - started;
started = performance.now();
for (let count = 0; count < EVENTS; count++) await symbolicateEvent(event, { index, cache });
const cached = (performance.now() - started) / EVENTS;
console.log(
	`map ${(map.length / 1024).toFixed(0)} KiB, minified ${(minified.length / 1024).toFixed(0)} KiB, ${FRAMES} frames/event\n` +
		`first event of a release (parse map): ${first.toFixed(1)} ms\n` +
		`each further event (map cached):      ${cached.toFixed(2)} ms`,
);
