/** Starting Faultline the way its scripts do, on a free loopback port with state of its own. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { endProcessTree } from "../../scripts/lib/process-tree";
import { freePort, ROOT, removeStackState, runWrangler } from "../../scripts/lib/wrangler";

/** What `npm run bootstrap -- --json` prints, and so what the end-to-end tests know of the stack. */
export interface Stack {
	/** FAULTLINE_HOME of the running stack (its local D1/R2 state is under `state/`). */
	home: string;
	url: string;
	dsn: string;
	token: string;
	org: string;
	project: string;
	email: string;
	password: string;
}

const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;

/** The real sentry-cli of the npm package, and what it needs to talk to the stack (and nothing else). */
export const SENTRY_CLI = `${ROOT}node_modules/.bin/sentry-cli`;
export const sentryCliEnv = (stack: Stack): NodeJS.ProcessEnv => ({
	SENTRY_URL: stack.url,
	SENTRY_AUTH_TOKEN: stack.token,
	SENTRY_ORG: stack.org,
	SENTRY_PROJECT: stack.project,
	SENTRY_DISABLE_UPDATE_CHECK: "true",
	SENTRY_LOAD_DOTENV: "0",
});

export interface RunningScript {
	url: string;
	home: string;
	env: NodeJS.ProcessEnv;
	/** The process started (node running tsx, or npm), leader of its process group. */
	pid: number;
	/** What the script printed up to and including its ready line. */
	output: string;
	/** Stops it as Ctrl-C would, waits until every process of it has exited, then removes its state. */
	stop(options?: { keepState?: boolean }): Promise<void>;
}

/** Runs a script once to completion (e.g. bootstrap) with the given environment. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): string {
	const result = spawnSync(process.execPath, [TSX, script, ...args], { cwd: ROOT, env, encoding: "utf8" });
	if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
	return result.stdout;
}

export interface StartOptions {
	/** FAULTLINE_HOME to run on (a restart on the same state); default: a new temporary one. */
	home?: string;
	port?: number;
}

/** Starts a long-running script (start, dev:regions) and resolves once it prints `readyLine`. */
export function startScript(script: string, readyLine: string, options: StartOptions = {}): Promise<RunningScript> {
	return startCommand([process.execPath, TSX, script], readyLine, options);
}

/** `npm start` itself, as a user types it (npm, its shell, tsx, the script and what it spawns). */
export const startNpm = (readyLine: string, options: StartOptions = {}) =>
	startCommand(["npm", "start"], readyLine, options);

async function startCommand(
	[command, ...args]: string[],
	readyLine: string,
	options: StartOptions,
): Promise<RunningScript> {
	const home = options.home ?? mkdtempSync(`${tmpdir()}/faultline-e2e-`);
	const port = options.port ?? (await freePort());
	const env = { ...process.env, FAULTLINE_HOME: home, PORT: String(port) };
	const child: ChildProcess = spawn(command as string, args, { cwd: ROOT, env, detached: true, stdio: "pipe" });
	const pid = child.pid as number;
	const stop = async ({ keepState = false } = {}) => {
		await endProcessTree(pid, "SIGTERM");
		if (!keepState) removeStackState(home);
	};
	let output = "";
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} did not start:\n${output}`)), 90_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes(readyLine)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on("data", onData);
		child.stderr?.on("data", onData);
		child.on("exit", (code) => {
			clearTimeout(timer);
			reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`));
		});
	}).catch(async (error: unknown) => {
		await stop({ keepState: options.home !== undefined });
		throw error;
	});
	return { url: `http://127.0.0.1:${port}`, home, env, pid, output, stop };
}

const READ_ATTEMPTS = 10;

/**
 * Rows of a stack's local REGION_DB, read straight from its SQLite state rather than through any API.
 * The running stack's workerd holds the same SQLite file, so a read that meets one of its writes is
 * refused with SQLITE_BUSY; it is tried again after a pause.
 */
export function queryRegionDb<Row>(configPath: string, stateDir: string, sql: string): Row[] {
	for (let attempt = 1; ; attempt++) {
		try {
			return readRegionDb<Row>(configPath, stateDir, sql);
		} catch (error) {
			if (attempt === READ_ATTEMPTS || !String(error).includes("SQLITE_BUSY")) throw error;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250 * attempt);
		}
	}
}

function readRegionDb<Row>(configPath: string, stateDir: string, sql: string): Row[] {
	const output = runWrangler([
		"d1",
		"execute",
		"REGION_DB",
		"--local",
		"--json",
		"-c",
		configPath,
		"--persist-to",
		stateDir,
		"--command",
		sql,
	]);
	const [result] = JSON.parse(output) as { results: Row[] }[];
	return result?.results ?? [];
}

/** Polls `read` until it gives a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what} did not appear`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
