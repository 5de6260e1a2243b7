/**
 * Who may read an organization's data in this region. Split, the control silo's API gateway has
 * already checked membership and says so in a signed identity header; in the monolith the caller's
 * token or session is checked against the membership table directly. Either way a missing
 * organization and someone else's organization get the same 404.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { organizationMemberMappings } from "../../schema/control";
import { organizations } from "../../schema/region";
import { controlDb, regionDb } from "../lib/db";
import { ApiError, notFound } from "../lib/errors";
import { verifiedGatewayIdentity } from "../lib/gateway-identity";
import { settingsOf } from "../lib/settings";
import type { RegionAppEnv } from "./app";

export interface Caller {
	userId: number;
	scopes: string[];
}

const unauthenticated = () => new ApiError(401, "Authentication credentials were not provided.");

/** The organization named by `slug` if the caller may use it, with the caller. */
export async function organizationAccess(c: Context<RegionAppEnv>, slug: string) {
	const settings = settingsOf(c.env);
	const db = regionDb(settings.siloMode, c.env.REGION_DB);
	const organization = await db.query.organizations.findFirst({ where: eq(organizations.slug, slug) });
	const url = new URL(c.req.url);
	const identity = settings.rpcSharedSecret
		? await verifiedGatewayIdentity(settings.rpcSharedSecret, c.req.raw.headers, c.req.method, url.pathname)
		: undefined;
	if (identity) {
		if (!organization || organization.id !== identity.organizationId) throw notFound();
		return { db, organization, caller: { userId: identity.userId, scopes: identity.scopes } };
	}
	const auth = c.get("auth");
	if (!auth || settings.siloMode !== "MONOLITH") throw unauthenticated();
	if (!organization) throw notFound();
	const membership = await controlDb(settings.siloMode, c.env.CONTROL_DB).query.organizationMemberMappings.findFirst({
		where: and(
			eq(organizationMemberMappings.organizationId, organization.id),
			eq(organizationMemberMappings.userId, auth.user.id),
		),
	});
	if (!membership) throw notFound();
	return { db, organization, caller: { userId: auth.user.id, scopes: auth.scopes } };
}

export function requireScope(caller: Caller, scope: string): void {
	if (!caller.scopes.includes(scope)) throw new ApiError(403, "You do not have permission to perform this action.");
}
