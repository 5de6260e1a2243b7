/**
 * Shared pieces of the benchmarks: starting servers on free loopback ports, a bounded load loop, the
 * peak memory of the servers' processes, and running one benchmark on its own (`npm run bench:*`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { endProcessTree, processTree } from "../lib/process-tree";
import { freePort, ROOT, removeStackState, waitForHttp } from "../lib/wrangler";

const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;

export interface Server {
	url: string;
	home: string;
	/** The server's first process: the script (or wrangler), with wrangler and workerd below it. */
	pid: number;
	/** Stops every process of the server, then removes its state. */
	stop(): Promise<void>;
}

function run(command: string[], env: NodeJS.ProcessEnv, home: string, url: string): Server {
	const child: ChildProcess = spawn(process.execPath, command, { cwd: ROOT, env, detached: true, stdio: "ignore" });
	const pid = child.pid as number;
	return {
		url,
		home,
		pid,
		async stop() {
			await endProcessTree(pid, "SIGTERM");
			removeStackState(home);
		},
	};
}

/** Faultline as `npm start` runs it, with state of its own. */
export async function startFaultline(): Promise<Server> {
	const home = mkdtempSync(`${tmpdir()}/faultline-bench-`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const server = run(
		[TSX, "scripts/start.ts"],
		{ ...process.env, FAULTLINE_HOME: home, PORT: String(port) },
		home,
		url,
	);
	await waitForHttp(`${url}/api/0/`, 120_000);
	return server;
}

/** The trivial worker under `wrangler dev`, the same runtime and proxy as Faultline's. */
export async function startTrivialWorker(): Promise<Server> {
	const home = mkdtempSync(`${tmpdir()}/faultline-bench-`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const command = [
		WRANGLER,
		"dev",
		"-c",
		"scripts/bench/trivial-worker.toml",
		"--ip",
		"127.0.0.1",
		"--port",
		String(port),
		"--persist-to",
		home,
		"--log-level",
		"error",
		"--show-interactive-dev-session=false",
	];
	const server = run(command, process.env, home, url);
	await waitForHttp(url, 120_000);
	return server;
}

/** Sends `total` requests with `concurrency` in flight; returns requests/s and the status counts. */
export async function load(total: number, concurrency: number, send: (index: number) => Promise<Response>) {
	let next = 0;
	const statuses = new Map<number, number>();
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const response = await send(next++);
				await response.arrayBuffer();
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	return { perSecond: total / seconds, seconds, statuses: Object.fromEntries(statuses) };
}

/** Samples the summed RSS of a server's processes until stopped; `peak()` is the highest sum seen. */
export function sampleMemory(server: Server, everyMs = 250) {
	let peak = 0;
	const sample = () => {
		peak = Math.max(
			peak,
			processTree(server.pid).reduce((sum, entry) => sum + entry.rssBytes, 0),
		);
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		peak() {
			sample();
			clearInterval(timer);
			return peak;
		},
	};
}

/** Faultline's bootstrap output and its DSN key, for a benchmark to send to. */
export async function dsnKeyOf(faultline: Server) {
	const { token } = JSON.parse(readFileSync(`${faultline.home}/bootstrap.json`, "utf8")) as { token: string };
	const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
	const [key] = (await (await fetch(`${faultline.url}/api/0/projects/default/default/keys/`, { headers })).json()) as {
		public: string;
		projectId: number;
	}[];
	if (!key) throw new Error("no DSN key");
	const envelopeUrl = `${faultline.url}/api/${key.projectId}/envelope/?sentry_key=${key.public}&sentry_version=7`;
	return { token, headers, key, envelopeUrl };
}

/** Runs `main` when the module is the script node was started with (`npm run bench:<one>`). */
export function runIfMain(moduleUrl: string, main: () => Promise<void>) {
	if (process.argv[1] && moduleUrl === pathToFileURL(process.argv[1]).href) {
		main().catch((error: unknown) => {
			console.error(error);
			process.exit(1);
		});
	}
}

export const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};
