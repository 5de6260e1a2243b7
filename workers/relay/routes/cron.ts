/**
 * Relay's HTTP check-in route (`/api/<project>/cron/<monitor_slug>/[<sentry_key>/]`, GET or POST):
 * the key in the path, or in the usual places, authenticates it like every ingest route; the
 * check-in goes through the one pipeline as an envelope with one `check_in` item. Answered 202 with
 * no body, and never 429: a rate-limited check-in is counted as an outcome instead, as Relay does.
 */
import { Hono } from "hono";
import { ApiError } from "../../lib/errors";
import type { RegionRpcVariables } from "../../lib/hono";
import { checkInEnvelope } from "../check-in";
import type { RelayBindings } from "../env";
import { authFirst, body, limitsOf, type RelayContext, run } from "./ingest";

const PROJECT = "/api/:projectId{[1-9][0-9]*}";
const ROUTES = [
	`${PROJECT}/cron/:monitorSlug/:sentryKey/`,
	`${PROJECT}/cron/:monitorSlug/:sentryKey`,
	`${PROJECT}/cron/:monitorSlug/`,
	`${PROJECT}/cron/:monitorSlug`,
];

async function checkIn(c: RelayContext) {
	const key = c.req.param("sentryKey");
	if (!key) {
		const auth = authFirst(c);
		if (!auth.ok) throw new ApiError(auth.status, auth.detail);
	}
	const host = c.req.header("host") ?? new URL(c.req.url).host;
	const isJson = (c.req.header("content-type") ?? "").startsWith("application/json");
	const json = c.req.method === "POST" && isJson ? await body(c, limitsOf(c.env).maxCheckInBytes) : undefined;
	const request = checkInEnvelope(
		c.req.param("monitorSlug") ?? "",
		{ query: new URL(c.req.url).searchParams, json },
		key ? `https://${key}@${host}/${c.req.param("projectId")}` : undefined,
	);
	if (!request.ok) throw new ApiError(400, request.detail);
	await run(c, request.envelope, { answer429: false });
	return c.body(null, 202);
}

export const cronRoutes = new Hono<{ Bindings: RelayBindings; Variables: RegionRpcVariables }>().on(
	["GET", "POST"],
	ROUTES,
	checkIn,
);
