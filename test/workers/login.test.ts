import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { createUser } from "../../workers/control/users";
import { controlDb } from "../../workers/lib/db";
import { Browser as SharedBrowser } from "./browser";

const BASE = "http://faultline.test";
const EMAIL = "ada@example.com";
const PASSWORD = "analytical-engine";

/** The browser of test/workers/browser.ts, logging in as Ada unless told otherwise. */
class Browser extends SharedBrowser {
	override login(email = EMAIL, password = PASSWORD) {
		return super.login(email, password);
	}
}

beforeAll(async () => {
	await createUser(controlDb("MONOLITH", env.CONTROL_DB), { email: EMAIL, password: PASSWORD });
});

describe("the login form", () => {
	it("signs in with an HttpOnly, SameSite=Lax session cookie and redirects to next", async ({ expect }) => {
		const browser = new Browser();
		const page = await browser.fetch("/auth/login/");
		expect(await page.text()).toContain(`name="csrf_token" value="${browser.csrf()}"`);
		const response = await browser.login();
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe("/organizations/");
		const cookie = response.headers
			.getAll("set-cookie")
			.find((value: string) => value.startsWith("faultline_session="));
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect(cookie).not.toMatch(/Secure/); // served over http locally
		const index = await browser.fetch("/api/0/");
		expect(await index.json()).toMatchObject({ user: { email: EMAIL } });
	});

	it("refuses a post without the CSRF token", async ({ expect }) => {
		const browser = new Browser("203.0.113.8");
		await browser.fetch("/auth/login/");
		const response = await browser.fetch("/auth/login/", {
			method: "POST",
			body: new URLSearchParams({ email: EMAIL, password: PASSWORD }),
		});
		expect(response.status).toBe(403);
		expect(browser.cookies.has("faultline_session")).toBe(false);
	});

	it("never redirects off-site after login", async ({ expect }) => {
		const browser = new Browser("203.0.113.9");
		await browser.fetch("/auth/login/");
		const body = new URLSearchParams({
			email: EMAIL,
			password: PASSWORD,
			csrf_token: browser.csrf(),
			next: "//evil.example/",
		});
		const response = await browser.fetch("/auth/login/", { method: "POST", body });
		expect(response.headers.get("location")).toBe("/");
	});

	it("answers a wrong password and an unknown account alike", async ({ expect }) => {
		const wrongPassword = await new Browser("198.51.100.1").login(EMAIL, "nope-nope-nope");
		const unknown = await new Browser("198.51.100.2").login("nobody@example.com", "nope-nope-nope");
		expect(wrongPassword.status).toBe(400);
		expect(unknown.status).toBe(400);
		const text = (response: string) => response.replace(/value="[0-9a-f]{32}"/, "");
		expect(text(await wrongPassword.text())).toBe(text(await unknown.text()));
	});

	it("logs out: the session stops working", async ({ expect }) => {
		const browser = new Browser("203.0.113.10");
		await browser.login();
		const session = browser.cookies.get("faultline_session");
		const logout = await browser.fetch("/auth/logout/", {
			method: "POST",
			body: new URLSearchParams({ csrf_token: browser.csrf() }),
		});
		expect(logout.status).toBe(302);
		const stale = await exports.default.fetch(`${BASE}/api/0/`, {
			headers: { cookie: `faultline_session=${session}` },
		});
		expect(await stale.json()).toMatchObject({ user: null });
	});
});

describe("login throttling", () => {
	it("locks an account after 5 failures, even from different addresses, with the right password too", async ({
		expect,
	}) => {
		await createUser(controlDb("MONOLITH", env.CONTROL_DB), { email: "grace@example.com", password: PASSWORD });
		for (let attempt = 0; attempt < 5; attempt++) {
			expect((await new Browser(`192.0.2.${attempt}`).login("grace@example.com", "wrong-password")).status).toBe(400);
		}
		const locked = await new Browser("192.0.2.99").login("grace@example.com", PASSWORD);
		expect(locked.status).toBe(429);
		expect(await locked.text()).toContain("too many failed authentication attempts");
	});

	it("locks an address after 20 failures across accounts", async ({ expect }) => {
		const browser = new Browser("192.0.2.200");
		for (let attempt = 0; attempt < 20; attempt++) {
			await browser.login(`nobody${attempt}@example.com`, "wrong-password");
		}
		expect((await browser.login()).status).toBe(429);
		expect((await new Browser("192.0.2.201").login()).status).toBe(302);
	});
});

describe("session-authenticated API calls", () => {
	it("need the CSRF header to change anything", async ({ expect }) => {
		const browser = new Browser("203.0.113.20");
		await browser.login();
		const create = (headers: Record<string, string>) =>
			browser.fetch("/api/0/organizations/", {
				method: "POST",
				headers: { "content-type": "application/json", ...headers },
				body: JSON.stringify({ name: "Analytical" }),
			});
		const refused = await create({});
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ detail: "CSRF Failed: CSRF token missing or incorrect." });
		expect((await create({ "x-csrftoken": browser.csrf() })).status).toBe(201);
	});

	it("log in and out through Sentry's API endpoints", async ({ expect }) => {
		const browser = new Browser("203.0.113.21");
		await browser.fetch("/auth/login/");
		const login = await browser.fetch("/api/0/auth/login/", {
			method: "POST",
			headers: { "content-type": "application/json", "x-csrftoken": browser.csrf() },
			body: JSON.stringify({ username: EMAIL, password: PASSWORD }),
		});
		expect(login.status).toBe(200);
		expect(await login.json()).toMatchObject({ user: { email: EMAIL } });
		const logout = await browser.fetch("/api/0/auth/", {
			method: "DELETE",
			headers: { "x-csrftoken": browser.csrf() },
		});
		expect(logout.status).toBe(204);
		expect(await (await browser.fetch("/api/0/")).json()).toMatchObject({ user: null });
	});
});
