/**
 * Source maps end to end: a small app bundled and minified by esbuild, debug IDs injected and the
 * bundle uploaded by the real `sentry-cli`, the minified code run in a child Node process that
 * reports its exception with @sentry/node — and the stored event shows the original source.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler";
import { SENTRY_CLI, sentryCliEnv, waitFor } from "./stack";

const stack = inject("stack");
const api = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token}` } });

const APP_SOURCE = `export function computeTotal(items: number[]): number {
	if (items.length > 2) {
		throw new Error("total overflow in computeTotal");
	}
	return items.reduce((sum, item) => sum + item, 0);
}

export function main(): void {
	computeTotal([1, 2, 3]);
}
`;

const RUNNER = `const Sentry = require("@sentry/node");
Sentry.init({ dsn: process.env.DSN, release: process.env.RELEASE, defaultIntegrations: false });
try {
	require(process.env.BUNDLE).main();
} catch (error) {
	const eventId = Sentry.captureException(error);
	Sentry.flush(5000).then((sent) => console.log(JSON.stringify({ eventId, sent })));
}
`;

type Frame = Record<string, unknown> & { data?: Record<string, unknown> };
type ExceptionValue = { stacktrace: { frames: Frame[] }; raw_stacktrace?: { frames: Frame[] } };

let dir = "";
let uploadOutput = "";
let event: Record<string, unknown> = {};
let releaseEvent: Record<string, unknown> = {};
const release = `sourcemaps@${Date.now()}`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync(command, args, { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8" });
	if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

/** Runs the minified bundle in a child Node process with @sentry/node; the event it reported, once stored. */
async function eventFrom(bundlePath: string) {
	const output = run(process.execPath, ["run.cjs"], {
		DSN: stack.dsn,
		RELEASE: release,
		BUNDLE: bundlePath,
		NODE_PATH: `${ROOT}node_modules`,
	});
	const { eventId, sent } = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
	expect(sent).toBe(true);
	return storedEvent(eventId);
}

function storedEvent(eventId: string) {
	return waitFor(
		async () => {
			const response = await api(`/api/0/projects/${stack.org}/${stack.project}/events/${eventId}/`);
			return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
		},
		`event ${eventId}`,
		20_000,
	);
}

beforeAll(async () => {
	dir = mkdtempSync(`${tmpdir()}/faultline-sourcemaps-`);
	mkdirSync(`${dir}/src`);
	writeFileSync(`${dir}/src/app.ts`, APP_SOURCE);
	writeFileSync(`${dir}/run.cjs`, RUNNER);
	const bundle = (outdir: string) =>
		build({
			entryPoints: [`${dir}/src/app.ts`],
			outfile: `${dir}/${outdir}/app.min.js`,
			bundle: true,
			minify: true,
			sourcemap: true,
			platform: "node",
			format: "cjs",
			logLevel: "silent",
		});
	await bundle("dist");
	await bundle("legacy");
	const cli = SENTRY_CLI;
	const cliEnv = sentryCliEnv(stack);
	run(cli, ["sourcemaps", "inject", "dist"], cliEnv);
	uploadOutput = run(cli, ["sourcemaps", "upload", "dist"], cliEnv);
	// The older setup: no debug IDs, the bundle found by release and URL.
	run(cli, ["sourcemaps", "upload", "--release", release, "legacy"], cliEnv);
	event = await eventFrom("./dist/app.min.js");
	releaseEvent = await eventFrom("./legacy/app.min.js");
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exceptionOf = (stored: Record<string, unknown>) =>
	(stored.entries as { type: string; data: { values: ExceptionValue[] } }[]).find((entry) => entry.type === "exception")
		?.data.values[0];

describe("sentry-cli source maps and a real SDK against Faultline", () => {
	it("uploads the bundle as an artifact bundle", () => {
		expect(uploadOutput).toContain("Upload type: artifact bundle");
	});

	it("shows the original file, line, function and source context of the minified frame", () => {
		const thrower = exceptionOf(event)?.stacktrace.frames.at(-1);
		expect(thrower).toMatchObject({
			filename: "src/app.ts",
			function: "computeTotal",
			lineno: 3,
			context_line: '\t\tthrow new Error("total overflow in computeTotal");',
			data: { symbolicated: true, symbolicator_status: "symbolicated", resolved_with: "debug-id" },
		});
		expect(exceptionOf(event)?.stacktrace.frames.at(-2)).toMatchObject({
			filename: "src/app.ts",
			function: "main",
			lineno: 9,
		});
		expect(event.metadata).toMatchObject({ filename: "src/app.ts", function: "computeTotal" });
	});

	it("keeps the minified frame as raw_stacktrace", () => {
		const raw = exceptionOf(event)?.raw_stacktrace?.frames.at(-1);
		expect(String(raw?.filename)).toMatch(/dist\/app\.min\.js$/);
		expect(raw?.function).not.toBe("computeTotal");
		expect(raw?.data).toBeUndefined();
	});

	it("finds a bundle uploaded without debug IDs by the event's release and the file's URL", () => {
		expect(exceptionOf(releaseEvent)?.stacktrace.frames.at(-1)).toMatchObject({
			filename: "src/app.ts",
			function: "computeTotal",
			lineno: 3,
			data: { symbolicated: true, resolved_with: "release" },
		});
	});

	it("explains a frame it could not map (the runner has neither a debug ID nor an upload)", () => {
		const runner = exceptionOf(event)?.stacktrace.frames.find((frame) => String(frame.filename).endsWith("run.cjs"));
		expect(runner?.data).toMatchObject({ symbolicated: false, symbolicator_status: "missing_sourcemap" });
		expect(event.errors).toContainEqual(
			expect.objectContaining({ type: "js_no_source", url: expect.stringMatching(/run\.cjs$/) }),
		);
	});
});
