/** Shared pieces of the benchmarks: starting servers on free loopback ports, and a bounded load loop. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { freePort, ROOT, waitForHttp } from "../lib/wrangler";

const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;

export interface Server {
	url: string;
	home: string;
	stop(): void;
}

function run(command: string[], env: NodeJS.ProcessEnv, home: string, url: string): Server {
	const child: ChildProcess = spawn(process.execPath, command, { cwd: ROOT, env, detached: true, stdio: "ignore" });
	return {
		url,
		home,
		stop() {
			if (child.pid !== undefined) {
				try {
					process.kill(-child.pid, "SIGTERM");
				} catch {}
			}
			rmSync(home, { recursive: true, force: true });
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
