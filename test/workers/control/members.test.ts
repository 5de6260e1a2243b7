import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, it } from "vitest";
import { users } from "../../../schema/control";
import { organizationMemberReplicas } from "../../../schema/region";
import { createApiToken } from "../../../workers/control/api-tokens";
import { createUser } from "../../../workers/control/users";
import { controlDb, regionDb } from "../../../workers/lib/db";
import { regionApp } from "../../../workers/region/app";
import { api, createTenant, joinAsMember, type Tenant } from "../tenant";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const region = regionDb("MONOLITH", env.REGION_DB);
/** The region worker on its own (REGION mode): it decides from its replicas of tokens and memberships. */
const direct = (path: string, token: string, init: RequestInit = {}) =>
	regionApp.fetch(
		new Request(`http://us.faultline.test${path}`, {
			...init,
			headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
		}),
		{
			...env,
			SILO_MODE: "REGION",
			SENTRY_REGION: "us",
			RPC_SHARED_SECRET: env.TEST_RPC_SHARED_SECRET,
			CONTROL_DB: undefined,
		},
	);

interface Member {
	id: string;
	email: string;
	role: string;
	orgRole: string;
	pending: boolean;
	user: Record<string, unknown> | null;
}

let acme: Tenant;
let memberToken = "";
let memberId = "";
let memberUserId = 0;

const invite = (email: string, role?: string, token = acme.token) =>
	api(`/api/0/organizations/${acme.slug}/members/`, token, {
		method: "POST",
		body: JSON.stringify({ email, ...(role ? { role } : {}) }),
	});
const members = async (token: string) =>
	(await (await api(`/api/0/organizations/${acme.slug}/members/`, token)).json()) as Member[];
const createProject = (token: string, name: string) =>
	api(`/api/0/teams/${acme.slug}/default/projects/`, token, { method: "POST", body: JSON.stringify({ name }) });

beforeAll(async () => {
	acme = await createTenant("members-acme");
	const member = await createUser(control, { email: "member-of-acme@example.com", password: "password123" });
	memberToken = await createApiToken(control, member.id);
	memberUserId = member.id;
	memberId = (await joinAsMember(acme, { email: "Member-Of-Acme@example.com", password: "password123" })).id;
});

describe("organization members", () => {
	it("lists members with their roles, in Sentry's shape", async ({ expect }) => {
		const response = await api(`/api/0/organizations/${acme.slug}/members/`, memberToken);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual([
			expect.objectContaining({ email: `${acme.slug}@example.com`, role: "owner", orgRole: "owner", pending: false }),
			expect.objectContaining({
				id: memberId,
				email: "member-of-acme@example.com",
				role: "member",
				roleName: "Member",
				user: expect.objectContaining({ email: "member-of-acme@example.com" }),
			}),
		]);
	});

	it("lets a member read but not create projects or manage keys; an owner can", async ({ expect }) => {
		expect((await api(`/api/0/organizations/${acme.slug}/projects/`, memberToken)).status).toBe(200);
		const refused = await createProject(memberToken, "By Member");
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ detail: "You do not have permission to perform this action." });
		const keys = `/api/0/projects/${acme.slug}/web/keys/`;
		expect((await api(keys, memberToken, { method: "POST", body: JSON.stringify({ name: "x" }) })).status).toBe(403);
		expect(
			(await api(`${keys}${acme.key.publicKey}/`, memberToken, { method: "PUT", body: '{"isActive":false}' })).status,
		).toBe(403);

		expect((await createProject(acme.token, "By Owner")).status).toBe(201);
		expect((await api(keys, acme.token, { method: "POST", body: JSON.stringify({ name: "x" }) })).status).toBe(201);
	});

	it("enforces roles in the region too, from the replicated membership", async ({ expect }) => {
		expect((await direct(`/api/0/organizations/${acme.slug}/projects/`, memberToken)).status).toBe(200);
		const replica = await region.query.organizationMemberReplicas.findFirst({
			where: (table, { eq }) => eq(table.organizationId, acme.organizationId),
			orderBy: (table, { desc }) => desc(table.userId),
		});
		expect(replica?.role).toBe("member");
		const create = await direct(`/api/0/teams/${acme.slug}/default/projects/`, memberToken, {
			method: "POST",
			body: JSON.stringify({ name: "Direct" }),
		});
		expect(create.status).toBe(403);
	});

	it("lets only owners invite, change or remove members", async ({ expect }) => {
		expect((await invite("other-of-acme@example.com", "member", memberToken)).status).toBe(403);
		const path = `/api/0/organizations/${acme.slug}/members/${memberId}/`;
		expect((await api(path, memberToken, { method: "PUT", body: '{"orgRole":"owner"}' })).status).toBe(403);
		expect((await api(path, memberToken, { method: "DELETE" })).status).toBe(403);
	});

	it("refuses to invite a member again or an address already invited (409); the membership is unchanged", async ({
		expect,
	}) => {
		const again = await invite("member-of-acme@example.com", "owner");
		expect(again.status).toBe(409);
		expect(await again.json()).toEqual({ detail: "The user member-of-acme@example.com is already a member" });
		expect((await invite("twice@example.com")).status).toBe(201);
		expect((await invite("TWICE@example.com")).status).toBe(409);
		const replica = await region.query.organizationMemberReplicas.findFirst({
			where: (table, { and, eq }) => and(eq(table.organizationId, acme.organizationId), eq(table.userId, memberUserId)),
		});
		expect(replica?.role).toBe("member");
	});

	it("lists pending invitations to owners only; members see people", async ({ expect }) => {
		expect((await invite("pending-of-acme@example.com")).status).toBe(201);
		const seenByOwner = await members(acme.token);
		expect(seenByOwner).toContainEqual(
			expect.objectContaining({
				email: "pending-of-acme@example.com",
				pending: true,
				user: null,
				inviterName: expect.any(String),
			}),
		);
		const seenByMember = await members(memberToken);
		expect(seenByMember.map((member) => member.email)).toEqual([
			`${acme.slug}@example.com`,
			"member-of-acme@example.com",
		]);
		const pendingId = seenByOwner.find((member) => member.email === "pending-of-acme@example.com")?.id;
		expect((await api(`/api/0/organizations/${acme.slug}/members/${pendingId}/`, memberToken)).status).toBe(404);
		expect((await api(`/api/0/organizations/${acme.slug}/members/${pendingId}/`, acme.token)).status).toBe(200);
	});

	it("shows isSuperuser, isActive and lastLogin only to the user and to superusers", async ({ expect }) => {
		const privateFields = ["isActive", "isSuperuser", "lastLogin"];
		const userOf = (list: Member[], email: string) => list.find((member) => member.email === email)?.user ?? {};
		const byMember = await members(memberToken);
		for (const field of privateFields) {
			expect(userOf(byMember, `${acme.slug}@example.com`)).not.toHaveProperty(field);
			expect(userOf(byMember, "member-of-acme@example.com")).toHaveProperty(field);
		}
		await control.update(users).set({ isSuperuser: true }).where(eq(users.id, memberUserId));
		const bySuperuser = await members(memberToken);
		await control.update(users).set({ isSuperuser: false }).where(eq(users.id, memberUserId));
		for (const field of privateFields) expect(userOf(bySuperuser, `${acme.slug}@example.com`)).toHaveProperty(field);
	});

	it("never leaves an organization without an owner, an invited owner does not count", async ({ expect }) => {
		expect((await invite("future-owner@example.com", "owner")).status).toBe(201);
		const owner = (await members(acme.token)).find((member) => member.role === "owner" && !member.pending);
		const path = `/api/0/organizations/${acme.slug}/members/${owner?.id}/`;
		const demote = await api(path, acme.token, { method: "PUT", body: '{"orgRole":"member"}' });
		expect(demote.status).toBe(403);
		expect(await demote.json()).toEqual({ detail: "An organization must keep at least one owner." });
		expect((await api(path, acme.token, { method: "DELETE" })).status).toBe(403);
		expect((await createProject(acme.token, "Still Owner")).status).toBe(201);
	});

	it("promotes a member to owner: now they may create projects", async ({ expect }) => {
		const path = `/api/0/organizations/${acme.slug}/members/${memberId}/`;
		const promoted = await api(path, acme.token, { method: "PUT", body: '{"orgRole":"owner"}' });
		expect(promoted.status).toBe(200);
		expect(await promoted.json()).toMatchObject({ id: memberId, role: "owner" });
		expect((await createProject(memberToken, "By Promoted")).status).toBe(201);
		await api(path, acme.token, { method: "PUT", body: '{"orgRole":"member"}' });
		expect((await createProject(memberToken, "By Demoted")).status).toBe(403);
	});

	it("removing a member revokes their access, in control and in the region", async ({ expect }) => {
		const removed = await api(`/api/0/organizations/${acme.slug}/members/${memberId}/`, acme.token, {
			method: "DELETE",
		});
		expect(removed.status).toBe(204);
		expect((await api(`/api/0/organizations/${acme.slug}/projects/`, memberToken)).status).toBe(404);
		expect((await direct(`/api/0/organizations/${acme.slug}/projects/`, memberToken)).status).toBe(404);
		const replicas = await region.select().from(organizationMemberReplicas);
		expect(replicas.filter((replica) => replica.organizationId === acme.organizationId)).toHaveLength(1);
	});
});
