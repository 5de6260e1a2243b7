/**
 * `/api/0/organizations/<org>/members/`: who belongs to an organization and with which role, as
 * Sentry's member endpoints. Adding a member invites them (./invites.ts): the answer is a pending
 * member and its `invite_link`, the same whether the address has an account or not. Pending members
 * are listed only to those who may invite (`member:write`). Control owns memberships, so these are
 * served here (never proxied); each change to a person's membership reaches the organization's
 * region through the outbox at once.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { controlDb } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { effectiveScopes, ROLES, type Role } from "../../lib/scopes";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import { authenticated, type ControlAppEnv, requireAuth } from "../auth";
import { inviteLink, inviteMember, regenerateInvite } from "../invites";
import { changeRole, findMember, listMembers, removeMember } from "../members";
import { drainControlOutbox, findMembership } from "../organizations";
import { serializeMember } from "../serializers";

/** Sentry accepts the role as `orgRole` (current) or `role` (older clients). */
const roleField = z.object({ orgRole: z.enum(ROLES).optional(), role: z.enum(ROLES).optional() });
const roleOf = (body: z.infer<typeof roleField>): Role | undefined => body.orgRole ?? body.role;
const NewMember = roleField.extend({ email: z.email().max(254) });
/** `reinvite` (with or without `regenerate`) gives a pending member a new link: the old token is only stored hashed. */
const MemberChange = roleField.extend({ reinvite: z.boolean().optional(), regenerate: z.boolean().optional() });

const db = (c: Context<ControlAppEnv>) => controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB);

/** The organization of the URL and the caller's scopes in it; a non-member gets the same 404 as a missing organization. */
async function organizationFor(c: Context<ControlAppEnv>, scope: string) {
	const auth = requireAuth(c.get("auth"));
	const membership = await findMembership(db(c), auth.user.id, c.req.param("organization") ?? "");
	if (!membership) throw notFound();
	const scopes = effectiveScopes(auth.scopes, membership.role);
	if (!scopes.includes(scope)) {
		throw new ApiError(403, "You do not have permission to perform this action.");
	}
	return { mapping: membership.mapping, viewer: auth.user, withInvites: scopes.includes("member:write") };
}

const memberIdOf = (c: Context<ControlAppEnv>) => {
	const id = Number(c.req.param("member"));
	if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
	return id;
};

const replicate = (c: Context<ControlAppEnv>, regionName: string) =>
	drainControlOutbox(db(c), c.get("regionRpc"), regionName);

/** Sentry's member-details field, filled only where the token is at hand: when it was just made. */
const withInviteLink = (c: Context<ControlAppEnv>, member: ReturnType<typeof serializeMember>, token: string) => ({
	...member,
	invite_link: inviteLink(settingsOf(c.env).publicUrl, Number(member.id), token),
});

async function foundMember(c: Context<ControlAppEnv>, access: Awaited<ReturnType<typeof organizationFor>>) {
	const member = await findMember(db(c), access.mapping.organizationId, memberIdOf(c), access);
	if (!member) throw notFound();
	return member;
}

export const memberRoutes = new Hono<ControlAppEnv>()
	.get("/api/0/organizations/:organization/members/", async (c) => {
		const access = await organizationFor(c, "member:read");
		const members = await listMembers(db(c), access.mapping.organizationId, access);
		return c.json(members.map((member) => serializeMember(member, access.viewer)));
	})
	.get("/api/0/organizations/:organization/members/:member/", async (c) => {
		const access = await organizationFor(c, "member:read");
		return c.json(serializeMember(await foundMember(c, access), access.viewer));
	})
	.post("/api/0/organizations/:organization/members/", authenticated(), jsonBody(NewMember), async (c) => {
		const access = await organizationFor(c, "member:write");
		const body = c.req.valid("json");
		const { memberId, token } = await inviteMember(db(c), access.mapping, {
			email: body.email,
			role: roleOf(body) ?? "member",
			inviterId: access.viewer.id,
		});
		const member = await findMember(db(c), access.mapping.organizationId, memberId, access);
		if (!member) throw notFound();
		return c.json(withInviteLink(c, serializeMember(member, access.viewer), token), 201);
	})
	.put("/api/0/organizations/:organization/members/:member/", authenticated(), jsonBody(MemberChange), async (c) => {
		const access = await organizationFor(c, "member:admin");
		const body = c.req.valid("json");
		const memberId = (await foundMember(c, access)).member.id;
		const token = body.reinvite || body.regenerate ? await regenerateInvite(db(c), memberId) : undefined;
		const role = roleOf(body);
		if (role) await changeRole(db(c), access.mapping, memberId, role);
		await replicate(c, access.mapping.regionName);
		const json = serializeMember(await foundMember(c, access), access.viewer);
		return c.json(token ? withInviteLink(c, json, token) : json);
	})
	.delete("/api/0/organizations/:organization/members/:member/", async (c) => {
		const access = await organizationFor(c, "member:admin");
		await removeMember(db(c), access.mapping, memberIdOf(c));
		await replicate(c, access.mapping.regionName);
		return c.body(null, 204);
	});
