/**
 * Sentry's accept-invite endpoints, `/api/0/accept-invite/[<org>/]<member>/<token>/`: GET tells the
 * invite page what it needs (anyone holding the link may ask), POST accepts it for the logged-in
 * user (a session with CSRF, never an API token: joining is a person's own decision). Any wrong,
 * expired or used link gets the same 400.
 */
import { type Context, Hono } from "hono";
import { controlDb } from "../../lib/db";
import { settingsOf } from "../../lib/settings";
import { type ControlAppEnv, requireAuth, sessionOnly } from "../auth";
import { acceptInvite, invalidInvite, isMemberOf, openInvite } from "../invites";
import { drainControlOutbox } from "../organizations";

const db = (c: Context<ControlAppEnv>) => controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB);

/** The link's invitation; with an organization in the path, it must be the invitation's (slug or id). */
async function invitation(c: Context<ControlAppEnv>) {
	const opened = await openInvite(db(c), Number(c.req.param("member")), c.req.param("token") ?? "");
	const organization = c.req.param("organization");
	const matches =
		organization === undefined ||
		organization === opened?.mapping.slug ||
		organization === String(opened?.mapping.organizationId);
	if (!opened || !matches) throw invalidInvite();
	return opened;
}

async function details(c: Context<ControlAppEnv>) {
	const { mapping } = await invitation(c);
	const user = c.get("auth")?.user;
	return c.json({
		orgSlug: mapping.slug,
		needsAuthentication: !user,
		needs2fa: false,
		needsSso: false,
		hasAuthProvider: false,
		requireSso: false,
		existingMember: user ? await isMemberOf(db(c), mapping.organizationId, user.id) : false,
	});
}

async function accept(c: Context<ControlAppEnv>) {
	const { user } = requireAuth(c.get("auth"));
	const { invite } = await invitation(c);
	const mapping = await acceptInvite(db(c), invite.memberId, c.req.param("token") ?? "", user);
	await drainControlOutbox(db(c), c.get("regionRpc"), mapping.regionName);
	return c.body(null, 204);
}

export const inviteRoutes = new Hono<ControlAppEnv>()
	.get("/api/0/accept-invite/:member/:token/", details)
	.get("/api/0/accept-invite/:organization/:member/:token/", details)
	.post("/api/0/accept-invite/:member/:token/", sessionOnly(), accept)
	.post("/api/0/accept-invite/:organization/:member/:token/", sessionOnly(), accept);
