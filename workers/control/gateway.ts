/**
 * The API gateway (CONTROL mode only; the monolith serves region routes itself). Organization-scoped
 * API calls — `/api/0/organizations/<slug>/…`, `/api/0/projects/<slug>/…`, also on the organization's
 * own host `<slug>.<domain>` — are authenticated and authorized here, then forwarded to the region that owns the organization with a signed identity
 * (workers/lib/gateway-identity.ts). Ingest hosts that reach control (`o<org>.ingest.<region>.<domain>`,
 * or `/api/<project>/…` on the control host) go to that region's relay. Unknown or foreign
 * organizations get the same 404.
 */
import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { controlDb } from "../lib/db";
import { regionOfIngestHost, regionUrl } from "../lib/dsn";
import { ApiError, notFound } from "../lib/errors";
import { GATEWAY_HEADERS, type GatewayIdentity } from "../lib/gateway-identity";
import { organizationOfHost, organizationOfPath, regionOfHost } from "../lib/organization-hosts";
import { forwardToRegion, regionWorkerOf, relayOf } from "../lib/rpc/clients";
import { effectiveScopes } from "../lib/scopes";
import { settingsOf } from "../lib/settings";
import { readAtMost } from "../lib/streams";
import { type ControlAppEnv, requireAuth } from "./auth";
import { findMembership } from "./organizations";

const HOP_BY_HOP = [
	"connection",
	"keep-alive",
	"transfer-encoding",
	"upgrade",
	"host",
	"content-length",
	"cookie",
	"authorization",
];

/** The largest body a region route takes (a 40 MB release file with its form); refused above, while read. */
export const MAX_FORWARDED_BODY_BYTES = 48 * 1024 * 1024;

/** The body to forward, read only after the caller was found a member, and only up to the limit. */
async function forwardedBody(request: Request): Promise<ArrayBuffer | undefined> {
	if (["GET", "HEAD"].includes(request.method) || !request.body) return undefined;
	const bytes = await readAtMost(request.body, MAX_FORWARDED_BODY_BYTES);
	if (!bytes) throw new ApiError(413, "request body exceeded the size limit");
	return bytes.buffer as ArrayBuffer;
}

async function proxyToOrganizationRegion(c: Context<ControlAppEnv>) {
	const auth = requireAuth(c.get("auth"));
	const settings = settingsOf(c.env);
	const slug = c.req.param("organizationSlug") ?? "";
	const membership = await findMembership(controlDb(settings.siloMode, c.env.CONTROL_DB), auth.user.id, slug);
	if (!membership) throw notFound();

	const url = new URL(c.req.url);
	const headers = new Headers(c.req.raw.headers);
	for (const name of [...HOP_BY_HOP, ...GATEWAY_HEADERS]) headers.delete(name);
	headers.set("x-apigateway", "true");
	const identity: GatewayIdentity = {
		userId: auth.user.id,
		email: auth.user.email,
		name: auth.user.name,
		scopes: effectiveScopes(auth.scopes, membership.role),
		organizationId: membership.mapping.organizationId,
		role: membership.role,
	};
	const body = await forwardedBody(c.req.raw);
	const response = await forwardToRegion(
		c.env,
		settings,
		membership.mapping.regionName,
		{ method: c.req.method, url, headers, body },
		JSON.stringify(identity),
	);
	const answer = new Response(response.body, response);
	answer.headers.set(
		"x-sentry-proxy-url",
		`${regionUrl(settings.publicUrl, membership.mapping.regionName)}${url.pathname}${url.search}`,
	);
	return answer;
}

const requestHost = (c: Context<ControlAppEnv>) => c.req.header("host") ?? new URL(c.req.url).host;

/**
 * `<slug>.<domain>` hosts: an API call about an organization must name the host's organization, or
 * it gets the same 404 as a missing organization; the gateway then takes it to that organization's region.
 */
export const organizationHostGuard = createMiddleware<ControlAppEnv>(async (c, next) => {
	const settings = settingsOf(c.env);
	const hostSlug = organizationOfHost(requestHost(c), settings.publicUrl.host, settings.regions);
	const pathSlug = organizationOfPath(c.req.path);
	if (hostSlug && pathSlug && pathSlug !== hostSlug) throw notFound();
	return next();
});

/** Ingest traffic that reached control goes to the relay of the region its host names. */
export const ingestToRelay = createMiddleware<ControlAppEnv>(async (c, next) => {
	const settings = settingsOf(c.env);
	const ingestRegion = regionOfIngestHost(requestHost(c), settings.publicUrl.host);
	if (!ingestRegion && !/^\/api\/[1-9]\d*\//.test(c.req.path)) return next();
	const relay = relayOf(c.env, ingestRegion ?? settings.monolithRegion);
	if (!relay) throw notFound("No relay for this region is deployed here");
	return relay.fetch(c.req.raw);
});

/**
 * `<region>.<domain>` hosts that reach control (one process in dev:regions; deployed, DNS takes them
 * to the region) go to that region's public HTTP surface (`REGION_<NAME>`), which authenticates the
 * call itself from its replicas, as for any direct call.
 */
export const regionHostToRegion = createMiddleware<ControlAppEnv>(async (c, next) => {
	const settings = settingsOf(c.env);
	const regionName = regionOfHost(requestHost(c), settings.publicUrl.host, settings.regions);
	if (!regionName) return next();
	const region = regionWorkerOf(c.env, regionName);
	if (!region) throw notFound("This region is not deployed here");
	return region.fetch(c.req.raw);
});

export const gatewayRoutes = new Hono<ControlAppEnv>()
	.all("/api/0/organizations/:organizationSlug/*", proxyToOrganizationRegion)
	.all("/api/0/projects/:organizationSlug/*", proxyToOrganizationRegion)
	.all("/api/0/teams/:organizationSlug/*", proxyToOrganizationRegion);
