/**
 * npm start: bootstraps local state, then serves the monolith (relay + region + control in one
 * worker, with local D1, KV, R2 and Queues) on http://127.0.0.1:$PORT and prints how to use it.
 */

import { AFTER_START_CRON } from "../workers/lib/ingest-spool";
import { bootstrapLocalState } from "./lib/bootstrap";
import {
	fireCron,
	fireCronEveryMinute,
	refuseBusyPort,
	STATE_DIR,
	startWranglerDev,
	waitForHttp,
} from "./lib/wrangler";

const HELP = `usage: npm start

Starts Faultline as one process: the monolith worker with local D1, KV, R2 and Queues kept in
.faultline/state. On first run it creates the admin user, organization and project "default",
a DSN key and an API token, and prints them.

Environment: PORT (default 8787), FAULTLINE_ADMIN_EMAIL, FAULTLINE_ADMIN_PASSWORD,
FAULTLINE_HOME (where local state is kept; default .faultline/ in the checkout).`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}

const port = Number(process.env.PORT ?? 8787);
const url = `http://127.0.0.1:${port}`;
await refuseBusyPort(port);
const setup = await bootstrapLocalState(port);
startWranglerDev([
	"-c",
	"wrangler.toml",
	"--persist-to",
	STATE_DIR,
	"--ip",
	"127.0.0.1",
	"--port",
	String(port),
	"--var",
	`FAULTLINE_URL:${url}`,
	"--log-level",
	"warn",
	"--show-interactive-dev-session=false",
	"--test-scheduled",
]);
await waitForHttp(`${url}/api/0/`);
// Local queues live in memory, so this one starts empty: what the last run accepted but had not
// stored yet is in the ingest spool (R2, in the state directory) and goes back on the queue now.
await fireCron(url, AFTER_START_CRON);
fireCronEveryMinute(url);
console.log(`
Faultline is running at ${url}

  web UI   ${url}/   (sign in with the login below)
  DSN      ${setup.dsn}
  login    ${setup.email} / ${setup.password}
  token    ${setup.token}   (Authorization: Bearer …)
  org      ${setup.org}, project ${setup.project}

Point any Sentry SDK at the DSN. Stop with Ctrl-C.`);
