import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { controlOutbox, organizationInvites } from "../../../schema/control";
import { createApiToken } from "../../../workers/control/api-tokens";
import { acceptInvite } from "../../../workers/control/invites";
import { createUser } from "../../../workers/control/users";
import { controlDb, regionDb } from "../../../workers/lib/db";
import { regionApp } from "../../../workers/region/app";
import { Browser } from "../browser";
import { acceptPath, api, createTenant, type Tenant } from "../tenant";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const region = regionDb("MONOLITH", env.REGION_DB);
const PASSWORD = "password123";

type Invited = Record<string, unknown> & {
	id: string;
	email: string;
	pending: boolean;
	expired: boolean;
	invite_link: string;
};

let acme: Tenant;
const invite = async (email: string, role = "member") => {
	const response = await api(`/api/0/organizations/${acme.slug}/members/`, acme.token, {
		method: "POST",
		body: JSON.stringify({ email, role }),
	});
	expect(response.status).toBe(201);
	return (await response.json()) as Invited;
};
const loggedIn = async (email: string, ip?: string) => {
	const browser = new Browser(ip);
	expect((await browser.login(email, PASSWORD)).status).toBe(302);
	return browser;
};
const accept = (browser: Browser, link: string) => browser.api(acceptPath(link), { method: "POST" });
const member = (token: string) => api(`/api/0/organizations/${acme.slug}/projects/`, token);
/** The region worker on its own (REGION mode): it decides from its replicas of tokens and memberships. */
const direct = (path: string, token: string) =>
	regionApp.fetch(new Request(`http://us.faultline.test${path}`, { headers: { authorization: `Bearer ${token}` } }), {
		...env,
		SILO_MODE: "REGION",
		SENTRY_REGION: "us",
		RPC_SHARED_SECRET: env.TEST_RPC_SHARED_SECRET,
		CONTROL_DB: undefined,
	});

beforeAll(async () => {
	acme = await createTenant("invites-acme");
});

describe("inviting a member", () => {
	it("answers alike whether the address has an account or not, and adds nobody", async () => {
		const existing = await createUser(control, { email: "has-account@example.com", password: PASSWORD });
		const token = await createApiToken(control, existing.id);
		const withAccount = await invite("has-account@example.com");
		const withoutAccount = await invite("no-account@example.com");
		const shape = ({ id, email, name, invite_link, dateCreated, ...rest }: Invited) => ({
			...rest,
			id: typeof id,
			email: typeof email,
			name: name === email,
			invite_link: new URL(invite_link).pathname.replace(/\/\d+\/[0-9a-f]{64}\/$/, "/<id>/<token>/"),
			dateCreated: typeof dateCreated,
		});
		expect(shape(withAccount)).toEqual(shape(withoutAccount));
		expect(withAccount).toMatchObject({ pending: true, expired: false, user: null, inviteStatus: "approved" });
		expect((await member(token)).status).toBe(404);
	});

	it("stores only a hash of the invite token", async () => {
		const invited = await invite("hashed@example.com");
		const token = new URL(invited.invite_link).pathname.split("/")[3] ?? "";
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(await control.select().from(organizationInvites))).not.toContain(token);
	});
});

describe("accepting an invitation", () => {
	it("makes the logged-in invitee a member with the invited role, in control and in the region", async () => {
		const user = await createUser(control, { email: "accepts@example.com", password: PASSWORD });
		const token = await createApiToken(control, user.id);
		const invited = await invite("accepts@example.com", "owner");
		const anonymous = await api(acceptPath(invited.invite_link), undefined);
		expect(await anonymous.json()).toEqual({
			orgSlug: acme.slug,
			needsAuthentication: true,
			needs2fa: false,
			needsSso: false,
			hasAuthProvider: false,
			requireSso: false,
			existingMember: false,
		});
		const browser = await loggedIn("accepts@example.com");
		expect(await (await browser.fetch(acceptPath(invited.invite_link))).json()).toMatchObject({
			needsAuthentication: false,
			existingMember: false,
		});
		expect((await accept(browser, invited.invite_link)).status).toBe(204);
		expect((await member(token)).status).toBe(200);
		expect((await direct(`/api/0/organizations/${acme.slug}/projects/`, token)).status).toBe(200);
		const replica = await region.query.organizationMemberReplicas.findFirst({
			where: (table, { and, eq }) => and(eq(table.organizationId, acme.organizationId), eq(table.userId, user.id)),
		});
		expect(replica?.role).toBe("owner");
		const listed = await (await api(`/api/0/organizations/${acme.slug}/members/${invited.id}/`, acme.token)).json();
		expect(listed).toMatchObject({ id: invited.id, email: "accepts@example.com", pending: false, role: "owner" });
		const again = await accept(await loggedIn("accepts@example.com"), invited.invite_link);
		expect(again.status).toBe(400);
	});

	it("needs a logged-in session with CSRF: an API token or an anonymous caller cannot accept", async () => {
		const user = await createUser(control, { email: "token-only@example.com", password: PASSWORD });
		const invited = await invite("token-only@example.com");
		const path = acceptPath(invited.invite_link);
		expect((await api(path, await createApiToken(control, user.id), { method: "POST" })).status).toBe(403);
		expect((await api(path, undefined, { method: "POST" })).status).toBe(401);
		const browser = await loggedIn("token-only@example.com");
		expect((await browser.fetch(path, { method: "POST" })).status).toBe(403);
		expect((await accept(browser, invited.invite_link)).status).toBe(204);
	});

	it("refuses a wrong, expired, regenerated or cancelled link, or another organization's path, with the same 400", async () => {
		await createUser(control, { email: "late@example.com", password: PASSWORD });
		const browser = await loggedIn("late@example.com");
		const invalid = { detail: "Invalid invite code" };
		const refuse = async (path: string) => {
			const response = await browser.api(path, { method: "POST" });
			expect(response.status, path).toBe(400);
			expect(await response.json(), path).toEqual(invalid);
		};
		const invited = await invite("late@example.com");
		const [, , memberId, token] = new URL(invited.invite_link).pathname.split("/");
		await refuse(`/api/0/accept-invite/${memberId}/${"0".repeat(64)}/`);
		await refuse(`/api/0/accept-invite/${Number(memberId) + 1000}/${token}/`);
		await refuse(`/api/0/accept-invite/someone-else/${memberId}/${token}/`);
		expect((await browser.fetch(`/api/0/accept-invite/${acme.slug}/${memberId}/${token}/`)).status).toBe(200);

		await control.update(organizationInvites).set({ expiresAt: new Date(Date.now() - 1) });
		await refuse(acceptPath(invited.invite_link));
		const path = `/api/0/organizations/${acme.slug}/members/${memberId}/`;
		expect(await (await api(path, acme.token)).json()).toMatchObject({ pending: true, expired: true });

		const regenerated = await api(path, acme.token, { method: "PUT", body: '{"reinvite":true,"regenerate":true}' });
		const fresh = (await regenerated.json()) as Invited;
		expect(fresh).toMatchObject({ pending: true, expired: false });
		expect(fresh.invite_link).not.toBe(invited.invite_link);
		await refuse(acceptPath(invited.invite_link));

		expect((await api(path, acme.token, { method: "DELETE" })).status).toBe(204);
		await refuse(acceptPath(fresh.invite_link));
	});

	it("lets one of two accepts of the same link at once win, replicating the membership once", async () => {
		const user = await createUser(control, { email: "twice-at-once@example.com", password: PASSWORD });
		const invited = await invite("twice-at-once@example.com");
		const [, , memberId, token] = new URL(invited.invite_link).pathname.split("/");
		const results = await Promise.allSettled(
			[0, 1].map(() => acceptInvite(control, Number(memberId), token ?? "", user)),
		);
		expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
		const messages = await control.select().from(controlOutbox).where(eq(controlOutbox.category, "member.upsert"));
		expect(messages.filter((message) => (message.payload as { userId: number }).userId === user.id)).toHaveLength(1);
	});

	it("replicates the role an invitation has when it is accepted", async () => {
		const user = await createUser(control, { email: "promoted-invitee@example.com", password: PASSWORD });
		const invited = await invite("promoted-invitee@example.com", "member");
		const path = `/api/0/organizations/${acme.slug}/members/${invited.id}/`;
		expect((await api(path, acme.token, { method: "PUT", body: '{"orgRole":"owner"}' })).status).toBe(200);
		expect((await accept(await loggedIn("promoted-invitee@example.com"), invited.invite_link)).status).toBe(204);
		const replica = await region.query.organizationMemberReplicas.findFirst({
			where: (table, { and, eq }) => and(eq(table.organizationId, acme.organizationId), eq(table.userId, user.id)),
		});
		expect(replica?.role).toBe("owner");
	});

	it("tells an existing member so, and keeps the invitation for its addressee", async () => {
		const invited = await invite("kept@example.com");
		const browser = await loggedIn(`${acme.slug}@example.com`);
		expect(await (await browser.fetch(acceptPath(invited.invite_link))).json()).toMatchObject({ existingMember: true });
		const response = await accept(browser, invited.invite_link);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ detail: "member already exists" });
		await createUser(control, { email: "kept@example.com", password: PASSWORD });
		expect((await accept(await loggedIn("kept@example.com"), invited.invite_link)).status).toBe(204);
	});
});
