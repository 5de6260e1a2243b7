/**
 * npm run regions:generate: rewrites the per-region environments of workers/relay/wrangler.toml
 * and workers/region/wrangler.toml from their top level (scripts/lib/region-environments.ts).
 */
import { writeFileSync } from "node:fs";
import { generate, staleRegionalConfigs } from "./lib/region-environments";
import { ROOT } from "./lib/wrangler";

const HELP = `usage: npm run regions:generate [-- --check]

Rewrites the [env.<region>] sections of workers/relay/wrangler.toml and workers/region/wrangler.toml:
one per region of the top level's SENTRY_REGION_CONFIG, made from the top level by renaming the
template region's resources (faultline-region-us → faultline-region-de, ingest-us → ingest-de,
REGION_RPC_US → REGION_RPC_DE, …) and setting SENTRY_REGION. Edit the top level, then run this.
--check: write nothing; exit 1 if a file differs from what would be written.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}
const stale = staleRegionalConfigs();
if (process.argv.includes("--check")) {
	for (const path of stale) console.log(`${path} is not what npm run regions:generate writes`);
	if (stale.length) process.exit(1);
} else {
	for (const path of stale) writeFileSync(`${ROOT}${path}`, generate(path));
}
