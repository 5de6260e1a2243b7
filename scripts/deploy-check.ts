/**
 * npm run deploy:check: everything `wrangler deploy` would need, checked offline — the per-region
 * environments are what `npm run regions:generate` writes, and each worker config and each of its
 * environments has settings that pass validation (the same zod schema the workers use) and bundles
 * with `wrangler deploy --dry-run`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { parse } from "smol-toml";
import { parseSettings, type SettingsVars } from "../workers/lib/settings";
import { staleRegionalConfigs } from "./lib/region-environments";
import { ROOT, runWrangler } from "./lib/wrangler";

const HELP = `usage: npm run deploy:check

Checks, without deploying or going online, that the per-region environments of the relay and
region configs are up to date (npm run regions:generate), and that wrangler.toml (the monolith) and
workers/{control,relay,region}/wrangler.toml with each of their environments have valid settings
and bundle. RPC_SHARED_SECRET (control, regions) and RELAY_RPC_SECRET (relays) are secrets
(wrangler secret put), so a placeholder stands in for them.
Exits non-zero naming the config, environment and field that is wrong.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}

const CONFIGS = [
	"wrangler.toml",
	"workers/control/wrangler.toml",
	"workers/relay/wrangler.toml",
	"workers/region/wrangler.toml",
];
const PLACEHOLDER_SECRET = "deploy-check-placeholder-secret-0123456789";

type WranglerConfig = { vars?: SettingsVars; env?: Record<string, { vars?: SettingsVars }> };

const failures: string[] = staleRegionalConfigs().map((path) => `${path}: stale, run npm run regions:generate`);
for (const failure of failures) console.log(`FAIL  ${failure}`);
const outDir = mkdtempSync(`${tmpdir()}/faultline-deploy-check-`);
try {
	for (const path of CONFIGS) {
		const config = parse(readFileSync(`${ROOT}${path}`, "utf8")) as WranglerConfig;
		for (const environment of [undefined, ...Object.keys(config.env ?? {})]) {
			const target = `${path}${environment ? ` --env ${environment}` : ""}`;
			const vars = (environment ? config.env?.[environment]?.vars : config.vars) ?? {};
			try {
				// A relay (no SILO_MODE) must not hold RPC_SHARED_SECRET; it signs with its own.
				const secret = vars.SILO_MODE
					? { RPC_SHARED_SECRET: PLACEHOLDER_SECRET }
					: { RELAY_RPC_SECRET: PLACEHOLDER_SECRET };
				parseSettings({ ...secret, ...vars });
				runWrangler([
					"deploy",
					"--dry-run",
					"--outdir",
					`${outDir}/${target.replace(/\W+/g, "-")}`,
					"-c",
					path,
					...(environment ? ["--env", environment] : []),
				]);
				console.log(`ok    ${target}`);
			} catch (error) {
				failures.push(target);
				console.log(`FAIL  ${target}: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
	}
} finally {
	rmSync(outDir, { recursive: true, force: true });
}
if (failures.length) {
	console.log(`\n${failures.length} deploy target(s) would fail`);
	process.exit(1);
}
