/**
 * `/api/0/organizations/<org>/members/`: who belongs to an organization and with which role, as
 * Sentry's member endpoints. Control owns memberships, so these are served here (never proxied);
 * each change reaches the organization's region through the outbox at once.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { controlDb } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { effectiveScopes, ROLES, type Role } from "../../lib/scopes";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import { authenticated, type ControlAppEnv, requireAuth } from "../auth";
import { addMember, changeRole, findMember, listMembers, removeMember } from "../members";
import { drainControlOutbox, findMembership } from "../organizations";
import { serializeMember } from "../serializers";

/** Sentry accepts the role as `orgRole` (current) or `role` (older clients). */
const roleField = z.object({ orgRole: z.enum(ROLES).optional(), role: z.enum(ROLES).optional() });
const roleOf = (body: z.infer<typeof roleField>): Role | undefined => body.orgRole ?? body.role;
const NewMember = roleField.extend({ email: z.email() });

const db = (c: Context<ControlAppEnv>) => controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB);

/** The organization of the URL and the caller's scopes in it; a non-member gets the same 404 as a missing organization. */
async function organizationFor(c: Context<ControlAppEnv>, scope: string) {
	const auth = requireAuth(c.get("auth"));
	const membership = await findMembership(db(c), auth.user.id, c.req.param("organization") ?? "");
	if (!membership) throw notFound();
	if (!effectiveScopes(auth.scopes, membership.role).includes(scope)) {
		throw new ApiError(403, "You do not have permission to perform this action.");
	}
	return membership.mapping;
}

const memberIdOf = (c: Context<ControlAppEnv>) => {
	const id = Number(c.req.param("member"));
	if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
	return id;
};

const replicate = (c: Context<ControlAppEnv>, regionName: string) =>
	drainControlOutbox(db(c), c.get("regionRpc"), regionName);

export const memberRoutes = new Hono<ControlAppEnv>()
	.get("/api/0/organizations/:organization/members/", async (c) => {
		const mapping = await organizationFor(c, "member:read");
		return c.json((await listMembers(db(c), mapping.organizationId)).map(serializeMember));
	})
	.get("/api/0/organizations/:organization/members/:member/", async (c) => {
		const mapping = await organizationFor(c, "member:read");
		const member = await findMember(db(c), mapping.organizationId, memberIdOf(c));
		if (!member) throw notFound();
		return c.json(serializeMember(member));
	})
	.post("/api/0/organizations/:organization/members/", authenticated(), jsonBody(NewMember), async (c) => {
		const mapping = await organizationFor(c, "member:write");
		const body = c.req.valid("json");
		const added = await addMember(db(c), mapping, { email: body.email, role: roleOf(body) ?? "member" });
		await replicate(c, mapping.regionName);
		return c.json(serializeMember(added), 201);
	})
	.put("/api/0/organizations/:organization/members/:member/", authenticated(), jsonBody(roleField), async (c) => {
		const mapping = await organizationFor(c, "member:admin");
		const role = roleOf(c.req.valid("json"));
		const memberId = memberIdOf(c);
		const changed = role
			? await changeRole(db(c), mapping, memberId, role)
			: await findMember(db(c), mapping.organizationId, memberId);
		if (!changed) throw notFound();
		await replicate(c, mapping.regionName);
		return c.json(serializeMember(changed));
	})
	.delete("/api/0/organizations/:organization/members/:member/", async (c) => {
		const mapping = await organizationFor(c, "member:admin");
		await removeMember(db(c), mapping, memberIdOf(c));
		await replicate(c, mapping.regionName);
		return c.body(null, 204);
	});
