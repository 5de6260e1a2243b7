/** Running wrangler from scripts: silenced (no outbound calls), local state under .faultline/. */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { spawnTethered } from "./process-tree.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Where local state lives: FAULTLINE_HOME, or .faultline/ in the checkout. */
export const FAULTLINE_HOME = process.env.FAULTLINE_HOME ?? `${ROOT}.faultline`;
export const STATE_DIR = `${FAULTLINE_HOME}/state`;
/** The split deployment of `npm run dev:regions`: its flattened worker configs and its state. */
export const DEV_REGIONS_DIR = `${FAULTLINE_HOME}/dev-regions`;
export const DEV_REGIONS_STATE_DIR = `${FAULTLINE_HOME}/regions-state`;
const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;

/** Wrangler's telemetry, update check, error reports and request.cf fetch, all off. */
export const QUIET_WRANGLER_ENV = {
	WRANGLER_SEND_METRICS: "false",
	WRANGLER_SEND_ERROR_REPORTS: "false",
	WRANGLER_HIDE_BANNER: "true",
	CLOUDFLARE_CF_FETCH_ENABLED: "false",
	XDG_CONFIG_HOME: `${FAULTLINE_HOME}/xdg`,
	CI: "true",
};
Object.assign(process.env, QUIET_WRANGLER_ENV);

/** Runs a wrangler command to completion and returns what it printed. */
export function runWrangler(args: string[]): string {
	const result = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, encoding: "utf8" });
	if (result.status !== 0) {
		throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/** Applies a D1 database's migrations to the local state `wrangler dev` will use. */
export function applyLocalMigrations(database: string, configPath: string, stateDir = STATE_DIR): void {
	runWrangler(["d1", "migrations", "apply", database, "--local", "-c", configPath, "--persist-to", stateDir]);
}

/**
 * Starts `wrangler dev` tethered to this process: wrangler and its workerd processes stop when this
 * process does, even when it is killed with SIGKILL. On SIGINT or SIGTERM this process exits only
 * once they have, so that whoever stopped it may remove the state at once.
 */
export function startWranglerDev(args: string[]): void {
	const tethered = spawnTethered(process.execPath, [WRANGLER, "dev", ...args], ROOT);
	tethered.on("exit", (code) => process.exit(code ?? 1));
	for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => tethered.stdin?.end());
}

/** Resolves once `url` answers at all, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			await fetch(url, { signal: AbortSignal.timeout(2_000) });
			return;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Cron triggers do not fire under `wrangler dev`; locally we fire the scheduled handler every
 * minute ourselves (outbox drains, retention), as the `* * * * *` trigger does when deployed.
 */
export function fireCronEveryMinute(url: string): void {
	setInterval(() => fireCron(url, "* * * * *").catch(() => {}), 60_000).unref();
}

/** Runs the worker's scheduled handler once, as a trigger with this cron expression would. */
export async function fireCron(url: string, cron: string): Promise<void> {
	await (await fetch(`${url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`)).arrayBuffer();
}

/** Exits with a clear message when something (a Faultline still running, say) holds the port. */
export async function refuseBusyPort(port: number): Promise<void> {
	const busy = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once("error", () => resolve(true));
		server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
	});
	if (!busy) return;
	console.error(
		`Port ${port} on 127.0.0.1 is already in use: is another Faultline (npm start) still running? Stop it, or choose another port with PORT=…`,
	);
	process.exit(1);
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
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

/** Removes a stopped stack's state; its workerd may still be finishing writes just after SIGTERM. */
export function removeStackState(dir: string): void {
	rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
}
