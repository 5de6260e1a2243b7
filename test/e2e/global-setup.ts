/** Starts Faultline as `npm start` does (own state dir, free port) and hands the bootstrap JSON to the tests. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import type { TestProject } from "vitest/node";
import { ROOT } from "../../scripts/lib/wrangler";
import type { Stack } from "./stack";

const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() =>
				typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
			);
		});
	});
}

let server: ChildProcess | undefined;
let home: string | undefined;

export async function setup(project: TestProject) {
	home = mkdtempSync(`${tmpdir()}/faultline-e2e-`);
	const env = { ...process.env, FAULTLINE_HOME: home, PORT: String(await freePort()) };
	const bootstrap = spawnSync(process.execPath, [TSX, "scripts/bootstrap.ts", "--json"], {
		cwd: ROOT,
		env,
		encoding: "utf8",
	});
	if (bootstrap.status !== 0) throw new Error(`bootstrap failed: ${bootstrap.stderr}`);
	const stack = JSON.parse(bootstrap.stdout.trim().split("\n").at(-1) ?? "") as Stack;

	const started = spawn(process.execPath, [TSX, "scripts/start.ts"], { cwd: ROOT, env, detached: true, stdio: "pipe" });
	server = started;
	let output = "";
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`stack did not start:\n${output}`)), 90_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes("Faultline is running")) {
				clearTimeout(timer);
				resolve();
			}
		};
		started.stdout?.on("data", onData);
		started.stderr?.on("data", onData);
		started.on("exit", (code) => reject(new Error(`stack exited with ${code}:\n${output}`)));
	});
	project.provide("stack", stack);
}

export function teardown() {
	if (server?.pid !== undefined) {
		try {
			process.kill(-server.pid, "SIGTERM");
		} catch {}
	}
	if (home) rmSync(home, { recursive: true, force: true });
}

declare module "vitest" {
	export interface ProvidedContext {
		stack: Stack;
	}
}
