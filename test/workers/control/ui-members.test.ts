/** The UI's members page (invitations for owners) and the invitation's accept page, in the monolith. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";
import { Browser } from "../browser";
import { createTenant, joinAsMember, type Tenant } from "../tenant";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const PASSWORD = "password123";
let acme: Tenant;
let owner: Browser;

const signedIn = async (email: string) => {
	const browser = new Browser("198.51.100.90");
	expect((await browser.login(email, PASSWORD)).status).toBe(302);
	return browser;
};
const post = (browser: Browser, path: string, fields: Record<string, string> = {}) =>
	browser.fetch(path, { method: "POST", body: new URLSearchParams({ csrf_token: browser.csrf(), ...fields }) });
/** The invite link a members page shows right after an invitation. */
const shownLink = (html: string) => /<code id="invite-link">([^<]+)<\/code>/.exec(html)?.[1] ?? "";

beforeAll(async () => {
	acme = await createTenant("ui-members");
	owner = await signedIn("ui-members@example.com");
});

describe("the members page", () => {
	it("lets an owner invite an address and shows the link once; a post needs the CSRF token", async () => {
		const refused = await owner.fetch("/organizations/ui-members/members/", {
			method: "POST",
			body: new URLSearchParams({ email: "csrf@example.com", role: "member" }),
		});
		expect(refused.status).toBe(403);
		const invited = await post(owner, "/organizations/ui-members/members/", {
			email: "Pending@Example.com",
			role: "owner",
		});
		expect(invited.status).toBe(200);
		const html = await invited.text();
		expect(shownLink(html)).toMatch(/^http:\/\/127\.0\.0\.1:8787\/accept\/\d+\/[0-9a-f]{64}\/$/);
		const page = await (await owner.fetch("/organizations/ui-members/members/")).text();
		expect(page).toContain("pending@example.com");
		expect(page).toContain("Invited by");
		expect(page).not.toContain('id="invite-link"');
		expect(page).toContain("Cancel invitation");
	});

	it("shows a member the people only, and no invitation form", async () => {
		await createUser(control, { email: "plain@example.com", password: PASSWORD });
		await joinAsMember(acme, { email: "plain@example.com", password: PASSWORD });
		const page = await (await (await signedIn("plain@example.com")).fetch("/organizations/ui-members/members/")).text();
		expect(page).toContain("plain@example.com");
		expect(page).not.toContain("pending@example.com");
		expect(page).not.toContain('name="email"');
	});

	it("renews an invitation's link and cancels an invitation", async () => {
		const first = shownLink(
			await (await post(owner, "/organizations/ui-members/members/", { email: "renew@example.com" })).text(),
		);
		const memberId = new URL(first).pathname.split("/")[2];
		const renewed = shownLink(
			await (await post(owner, `/organizations/ui-members/members/${memberId}/reinvite/`)).text(),
		);
		expect(renewed).not.toBe(first);
		expect((await owner.fetch(new URL(first).pathname)).status).toBe(400);
		const removed = await post(owner, `/organizations/ui-members/members/${memberId}/remove/`);
		expect(removed.status).toBe(303);
		expect(await (await owner.fetch("/organizations/ui-members/members/")).text()).not.toContain("renew@example.com");
		expect((await owner.fetch(new URL(renewed).pathname)).status).toBe(400);
	});
});

describe("the accept page", () => {
	it("asks an anonymous visitor to sign in, then lets them accept and join", async () => {
		const link = shownLink(
			await (await post(owner, "/organizations/ui-members/members/", { email: "joins@example.com" })).text(),
		);
		const path = new URL(link).pathname;
		const visitor = new Browser("198.51.100.91");
		const anonymous = await visitor.fetch(path);
		expect(anonymous.status).toBe(200);
		const invitation = await anonymous.text();
		expect(invitation).toContain("Join ui-members");
		expect(invitation).toContain(`href="/auth/login/?${new URLSearchParams({ next: path })}"`);
		expect(anonymous.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");

		await createUser(control, { email: "joins@example.com", password: PASSWORD });
		expect((await visitor.login("joins@example.com", PASSWORD)).status).toBe(302);
		expect(await (await visitor.fetch(path)).text()).toContain("Accept invitation");
		const refused = await visitor.fetch(path, { method: "POST", body: new URLSearchParams({}) });
		expect(refused.status).toBe(403);
		const accepted = await post(visitor, path);
		expect(accepted.status).toBe(303);
		expect(accepted.headers.get("location")).toBe("/organizations/ui-members/");
		expect((await visitor.fetch("/organizations/ui-members/")).status).toBe(200);
		expect((await visitor.fetch(path)).status).toBe(400);
	});

	it("answers a wrong link with an error page", async () => {
		const response = await owner.fetch(`/accept/1/${"0".repeat(64)}/`);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain("Invalid invite code");
	});
});
