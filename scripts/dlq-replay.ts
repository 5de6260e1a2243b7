/**
 * npm run dlq:replay: puts the dead-lettered ingest messages of the running local stack back on its
 * ingest queue, through the superuser-only Web API route, and says how many.
 */
import { existsSync, readFileSync } from "node:fs";
import { FAULTLINE_HOME } from "./lib/wrangler";

const HELP = `usage: npm run dlq:replay

Replays the dead letters of the Faultline running at http://127.0.0.1:$PORT (default 8787), as
the admin made by npm start (or with SENTRY_AUTH_TOKEN, a superuser's API token).
Environment: PORT, SENTRY_AUTH_TOKEN, FAULTLINE_HOME.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}

const credentials = `${FAULTLINE_HOME}/bootstrap.json`;
const token =
	process.env.SENTRY_AUTH_TOKEN ??
	(existsSync(credentials) ? (JSON.parse(readFileSync(credentials, "utf8")) as { token: string }).token : undefined);
if (!token) {
	console.error("no API token: set SENTRY_AUTH_TOKEN or run npm start first");
	process.exit(2);
}
const url = `http://127.0.0.1:${process.env.PORT ?? 8787}/api/0/internal/dead-letters/replay/`;
const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
const body = (await response.json()) as { replayed?: number; detail?: string };
if (!response.ok) {
	console.error(`replay failed (${response.status}): ${body.detail}`);
	process.exit(1);
}
console.log(`replayed ${body.replayed} dead-lettered message(s)`);
