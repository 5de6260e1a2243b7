/**
 * Who may read an organization's data in this region. Through the control silo's API gateway, the
 * gateway has already checked membership and says so in its identity header (verified by the app's
 * entry, lib/gateway-identity.ts); called directly, the region checks the bearer token, its user's
 * active state and membership against its replicas of them; in the monolith
 * the caller's token or session is checked against control's tables directly. Either way a missing
 * organization and someone else's organization get the same 404. The caller's scopes are its
 * credentials' scopes narrowed to its role in the organization (lib/scopes.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { organizationMemberMappings } from "../../../schema/control";
import { organizations } from "../../../schema/region";
import { controlDb, regionDb } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { effectiveScopes } from "../../lib/scopes";
import { settingsOf } from "../../lib/settings";
import type { RegionAppEnv } from "../env";
import { replicatedRole, replicatedToken } from "../replication";

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
	const identity = c.get("gatewayIdentity");
	if (identity) {
		if (!organization || organization.id !== identity.organizationId) throw notFound();
		const scopes = effectiveScopes(identity.scopes, identity.role);
		return { db, organization, caller: { userId: identity.userId, scopes } };
	}
	if (settings.siloMode !== "MONOLITH") {
		// Called directly (`<region>.<domain>`): the region's copies of tokens and memberships decide.
		const [scheme, token] = (c.req.header("authorization") ?? "").split(/\s+/, 2);
		const replica = scheme?.toLowerCase() === "bearer" && token ? await replicatedToken(db, token) : undefined;
		if (!replica) throw unauthenticated();
		const role = organization ? await replicatedRole(db, organization.id, replica.userId) : undefined;
		if (!organization || !role) throw notFound();
		return { db, organization, caller: { userId: replica.userId, scopes: effectiveScopes(replica.scopes, role) } };
	}
	const auth = c.get("auth");
	if (!auth) throw unauthenticated();
	if (!organization) throw notFound();
	const membership = await controlDb(settings.siloMode, c.env.CONTROL_DB).query.organizationMemberMappings.findFirst({
		where: and(
			eq(organizationMemberMappings.organizationId, organization.id),
			eq(organizationMemberMappings.userId, auth.user.id),
		),
	});
	if (!membership) throw notFound();
	return { db, organization, caller: { userId: auth.user.id, scopes: effectiveScopes(auth.scopes, membership.role) } };
}

export function requireScope(caller: Caller, scope: string): void {
	requireAnyScope(caller, [scope]);
}

export const hasAnyScope = (caller: Caller, scopes: string[]) => scopes.some((scope) => caller.scopes.includes(scope));

export function requireAnyScope(caller: Caller, scopes: string[]): void {
	if (!hasAnyScope(caller, scopes)) throw new ApiError(403, "You do not have permission to perform this action.");
}
