import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../../schema/control";
import { createUser } from "../../../workers/control/users";
import { sha256Hex } from "../../../workers/lib/crypto";
import { controlDb } from "../../../workers/lib/db";
import { monolithApp } from "../../../workers/monolith";
import { Browser as SharedBrowser } from "../browser";

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

	it.each([
		"//evil.example/",
		"/\\evil.example/",
		"/\t/evil.example",
		"/%09/evil.example",
		"/%5c%5cevil.example",
		"/.//evil.example",
	])("never redirects off-site after login: next=%j goes to /", async (next) => {
		const browser = new Browser("203.0.113.9");
		await browser.fetch("/auth/login/");
		const body = new URLSearchParams({ email: EMAIL, password: PASSWORD, csrf_token: browser.csrf(), next });
		const response = await browser.fetch("/auth/login/", { method: "POST", body });
		expect(response.status).toBe(302);
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

describe("session and CSRF safeguards", () => {
	it("stores only a hash of the session cookie's value", async ({ expect }) => {
		const browser = new Browser("203.0.113.40");
		await browser.login();
		const cookie = browser.cookies.get("faultline_session") ?? "";
		expect(cookie).toMatch(/^[0-9a-f]{64}$/);
		const stored = await controlDb("MONOLITH", env.CONTROL_DB).select().from(sessions);
		expect(JSON.stringify(stored)).not.toContain(cookie);
		expect(stored.map((row) => row.hashedToken)).toContain(await sha256Hex(cookie));
	});

	it("marks cookies Secure when FAULTLINE_URL is https", async ({ expect }) => {
		const httpsEnv = { ...env, FAULTLINE_URL: "https://faultline.example" };
		const page = await monolithApp.fetch(new Request("https://faultline.example/auth/login/"), httpsEnv);
		const csrfCookie = page.headers.get("set-cookie") ?? "";
		expect(csrfCookie).toMatch(/^faultline_csrf=[0-9a-f]{32};.*Secure/);
		const csrf = /faultline_csrf=([0-9a-f]{32})/.exec(csrfCookie)?.[1] ?? "";
		const login = await monolithApp.fetch(
			new Request("https://faultline.example/auth/login/", {
				method: "POST",
				headers: { cookie: `faultline_csrf=${csrf}`, "cf-connecting-ip": "203.0.113.41" },
				body: new URLSearchParams({ email: EMAIL, password: PASSWORD, csrf_token: csrf }),
			}),
			httpsEnv,
		);
		expect(login.status).toBe(302);
		const session = login.headers.getAll("set-cookie").find((value: string) => value.startsWith("faultline_session="));
		expect(session).toMatch(/; Secure/);
		expect(session).toMatch(/HttpOnly/);
	});

	it.each([
		["the login form", (browser: Browser) => browser.login()],
		[
			"the API login",
			(browser: Browser) =>
				browser.api("/api/0/auth/login/", {
					method: "POST",
					body: JSON.stringify({ username: EMAIL, password: PASSWORD }),
				}),
		],
	])(
		"gives a new CSRF token at login through %s: one known before does not work with the session",
		async (way, login) => {
			const browser = new Browser("203.0.113.44");
			await browser.fetch("/auth/login/");
			const before = browser.csrf();
			expect((await login(browser)).status).toBeLessThan(400);
			expect(browser.csrf()).toMatch(/^[0-9a-f]{32}$/);
			expect(browser.csrf()).not.toBe(before);
			const create = (csrf: string) =>
				browser.fetch("/api/0/organizations/", {
					method: "POST",
					headers: { "content-type": "application/json", "x-csrftoken": csrf },
					body: JSON.stringify({ name: `Rotated by ${way}` }),
				});
			expect((await create(before)).status).toBe(403);
			expect((await create(browser.csrf())).status).toBe(201);
		},
	);

	it("refuses to log out without the CSRF token: the session keeps working", async ({ expect }) => {
		const browser = new Browser("203.0.113.42");
		await browser.login();
		const form = await browser.fetch("/auth/logout/", { method: "POST", body: new URLSearchParams({}) });
		expect(form.status).toBe(403);
		const api = await browser.fetch("/api/0/auth/", { method: "DELETE" });
		expect(api.status).toBe(403);
		expect(await (await browser.fetch("/api/0/")).json()).toMatchObject({ user: { email: EMAIL } });
	});

	it("refuses an API login without X-CSRFToken", async ({ expect }) => {
		const browser = new Browser("203.0.113.43");
		await browser.fetch("/auth/login/");
		const login = await browser.fetch("/api/0/auth/login/", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ username: EMAIL, password: PASSWORD }),
		});
		expect(login.status).toBe(403);
		expect(await login.json()).toEqual({ detail: "CSRF Failed: CSRF token missing or incorrect." });
		expect(browser.cookies.has("faultline_session")).toBe(false);
	});
});
