/**
 * npm run dev:regions: the split deployment on one machine — control, a relay and a region for
 * each of `us` and `de` — in ONE `wrangler dev` process (queues do not cross processes). Each
 * region keeps its own D1, R2, KV and queues. Worker configs are the per-region environments of
 * workers/<worker>/wrangler.toml, flattened into .faultline/dev-regions/.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "smol-toml";
import {
	applyLocalMigrations,
	DEV_REGIONS_DIR,
	DEV_REGIONS_STATE_DIR,
	fireCronEveryMinute,
	ROOT,
	refuseBusyPort,
	startWranglerDev,
	waitForHttp,
} from "./lib/wrangler";

const HELP = `usage: npm run dev:regions

Runs control (on http://127.0.0.1:$PORT, default 8787), relay-us, relay-de, region-us and
region-de in one wrangler dev process, with local state in $FAULTLINE_HOME/regions-state.
Control reaches the regions over service bindings (REGION_RPC_US, REGION_RPC_DE).`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}

const REGIONS = ["us", "de"];
const OUT_DIR = DEV_REGIONS_DIR;
const STATE = DEV_REGIONS_STATE_DIR;
const PORT = Number(process.env.PORT ?? 8787);

type WranglerConfig = Record<string, unknown> & { main?: string; env?: Record<string, Record<string, unknown>> };

/** One worker's config for one environment, as a standalone file wrangler can read from anywhere. */
function flatten(worker: string, environment: string | undefined): string {
	const source = `${ROOT}workers/${worker}/wrangler.toml`;
	const { env, ...topLevel } = parse(readFileSync(source, "utf8")) as WranglerConfig;
	const config: WranglerConfig = { ...topLevel, ...(environment ? env?.[environment] : {}) };
	// A name, not an IP: ingest hosts `o<org>.ingest.<region>.localhost` then route to their region.
	config.vars = { ...(config.vars as object), FAULTLINE_URL: `http://localhost:${PORT}` };
	config.main = resolve(dirname(source), config.main ?? "index.ts");
	for (const database of (config.d1_databases ?? []) as { migrations_dir?: string }[]) {
		if (database.migrations_dir) database.migrations_dir = resolve(dirname(source), database.migrations_dir);
	}
	const dir = `${OUT_DIR}/${worker}${environment ? `-${environment}` : ""}`;
	mkdirSync(dir, { recursive: true });
	copyFileSync(`${ROOT}workers/${worker}/.dev.vars`, `${dir}/.dev.vars`);
	writeFileSync(`${dir}/wrangler.json`, JSON.stringify(config, null, 2));
	return `${dir}/wrangler.json`;
}

await refuseBusyPort(PORT);
const control = flatten("control", undefined);
const regions = REGIONS.map((region) => flatten("region", region));
const relays = REGIONS.map((region) => flatten("relay", region));

applyLocalMigrations("CONTROL_DB", control, STATE);
for (const config of regions) applyLocalMigrations("REGION_DB", config, STATE);

startWranglerDev([
	...[control, ...relays, ...regions].flatMap((config) => ["-c", config]),
	"--persist-to",
	STATE,
	"--ip",
	"127.0.0.1",
	"--port",
	String(PORT),
	"--log-level",
	"warn",
	"--show-interactive-dev-session=false",
	"--test-scheduled",
]);
const url = `http://127.0.0.1:${PORT}`;
await waitForHttp(`${url}/api/0/`);
fireCronEveryMinute(url);
console.log(`\nFaultline (split: control, relay-us, relay-de, region-us, region-de) at ${url}\n`);
