import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loginThrottle, sessions } from "../../../schema/control";
import { attemptLogin } from "../../../workers/control/login";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";
import worker, { monolithApp } from "../../../workers/monolith";
import { Browser } from "../browser";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const PASSWORD = "analytical-engine";
const CSRF = "0123456789abcdef0123456789abcdef";
const MINUTE = 60_000;
const eqKey = (key: string) => eq(loginThrottle.key, key);

let owner = "";
beforeAll(async () => {
	owner = (await createUser(control, { email: "owner@example.com", password: PASSWORD, isSuperuser: true })).email;
});

const login = (ip: string, email: string, password: string) => new Browser(ip).login(email, password);

describe("login throttling per account and address", () => {
	it("does not let guesses from elsewhere lock the owner out: only the guessing address is locked", async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			expect((await login("192.0.2.1", owner, "wrong-password")).status).toBe(400);
		}
		for (let attempt = 0; attempt < 5; attempt++) {
			expect((await login(`192.0.2.${10 + attempt}`, owner, "wrong-password")).status).toBe(400);
		}
		const locked = await login("192.0.2.1", owner, PASSWORD);
		expect(locked.status).toBe(429);
		expect(await locked.text()).toContain("too many failed authentication attempts");
		expect((await login("198.51.100.7", owner, PASSWORD)).status).toBe(302);
	});

	it("backs off: the lock after the fifth failure lasts a minute, then two, then four, at most an hour", async () => {
		await createUser(control, { email: "backoff@example.com", password: PASSWORD });
		const start = Date.now();
		const at = (ms: number) => new Date(start + ms);
		const attempt = (ms: number, password = "wrong-password") =>
			attemptLogin(control, { email: "backoff@example.com", password, ip: "192.0.2.50" }, at(ms));
		for (let failure = 0; failure < 5; failure++)
			expect(await attempt(failure)).toEqual({ ok: false, reason: "invalid" });
		expect(await attempt(MINUTE - 1, PASSWORD)).toEqual({ ok: false, reason: "throttled" });
		expect(await attempt(MINUTE + 4)).toEqual({ ok: false, reason: "invalid" });
		expect(await attempt(3 * MINUTE + 3)).toEqual({ ok: false, reason: "throttled" });
		expect(await attempt(3 * MINUTE + 4)).toEqual({ ok: false, reason: "invalid" });
		expect(await attempt(7 * MINUTE + 3)).toEqual({ ok: false, reason: "throttled" });
		let now = 7 * MINUTE + 4;
		// Seven more: with the three throttled attempts above, the address's own key stays under its 20.
		for (let failure = 0; failure < 7; failure++) {
			expect(await attempt(now)).toEqual({ ok: false, reason: "invalid" });
			const [row] = await control
				.select()
				.from(loginThrottle)
				.where(eqKey("account-ip:192.0.2.50|backoff@example.com"));
			const lock = (row?.lockedUntil?.getTime() ?? 0) - at(now).getTime();
			expect(lock).toBe(Math.min(60, 2 ** (failure + 3)) * MINUTE);
			now += lock;
		}
		expect((await attempt(now, PASSWORD)).ok).toBe(true);
		expect(
			await control.select().from(loginThrottle).where(eqKey("account-ip:192.0.2.50|backoff@example.com")),
		).toEqual([]);
	});

	it("locks an address after 20 failures across accounts, and not another address", async () => {
		for (let attempt = 0; attempt < 20; attempt++) {
			expect((await login("192.0.2.200", `nobody${attempt}@example.com`, "wrong-password")).status).toBe(400);
		}
		expect((await login("192.0.2.200", owner, PASSWORD)).status).toBe(429);
		expect((await login("192.0.2.201", owner, PASSWORD)).status).toBe(302);
	});

	it("gives a successful login's attempt back to its address", async () => {
		for (let attempt = 0; attempt < 25; attempt++)
			expect((await login("192.0.2.160", owner, PASSWORD)).status).toBe(302);
	});
});

describe("login throttling under parallel guesses", () => {
	it("counts each attempt before checking the password: of 12 parallel guesses from one address only 5 are checked", async () => {
		await createUser(control, { email: "hopper@example.com", password: PASSWORD });
		const browsers = Array.from({ length: 12 }, () => new Browser("192.0.2.100"));
		await Promise.all(browsers.map((browser) => browser.fetch("/auth/login/")));
		const statuses = await Promise.all(
			browsers.map((browser) =>
				browser.fetch("/auth/login/", {
					method: "POST",
					body: new URLSearchParams({ email: "hopper@example.com", password: "guess", csrf_token: browser.csrf() }),
				}),
			),
		).then((responses) => responses.map((response) => response.status));
		expect(statuses.filter((status) => status === 400)).toHaveLength(5);
		expect(statuses.filter((status) => status === 429)).toHaveLength(7);
		expect((await login("192.0.2.100", "hopper@example.com", PASSWORD)).status).toBe(429);
		expect((await login("192.0.2.150", "hopper@example.com", PASSWORD)).status).toBe(302);
	});
});

describe("the address login throttling counts", () => {
	const failFrom = (headers: Record<string, string>, attempt: number, vars: Record<string, string> = {}) =>
		monolithApp.fetch(
			new Request("http://faultline.test/auth/login/", {
				method: "POST",
				headers: { ...headers, cookie: `faultline_csrf=${CSRF}` },
				body: new URLSearchParams({
					email: `spray${attempt}@example.com`,
					password: "wrong-password",
					csrf_token: CSRF,
				}),
			}),
			{ ...env, ...vars },
		);

	it("is not what the client writes in X-Forwarded-For", async () => {
		for (let attempt = 0; attempt < 20; attempt++) {
			const headers = { "cf-connecting-ip": "192.0.2.210", "x-forwarded-for": `198.18.0.${attempt}` };
			expect((await failFrom(headers, attempt)).status).toBe(400);
		}
		const locked = await failFrom({ "cf-connecting-ip": "192.0.2.210", "x-forwarded-for": "198.18.1.1" }, 99);
		expect(locked.status).toBe(429);
	});

	it("is one shared unknown address when there is no CF-Connecting-IP and no trusted proxy", async () => {
		for (let attempt = 0; attempt < 20; attempt++) {
			expect((await failFrom({ "x-forwarded-for": `198.18.4.${attempt}` }, attempt)).status).toBe(400);
		}
		expect((await failFrom({ "x-forwarded-for": "198.18.4.99" }, 99)).status).toBe(429);
	});

	it("behind a trusted proxy is the address that proxy appended, not the entries the client wrote before it", async () => {
		const proxied = { FAULTLINE_TRUSTED_PROXIES: "1" };
		for (let attempt = 0; attempt < 20; attempt++) {
			const headers = {
				"x-forwarded-for": `198.18.2.${attempt}, 192.0.2.211`,
				"cf-connecting-ip": `198.18.3.${attempt}`,
			};
			expect((await failFrom(headers, attempt, proxied)).status).toBe(400);
		}
		expect((await failFrom({ "x-forwarded-for": "198.18.2.99, 192.0.2.211" }, 99, proxied)).status).toBe(429);
		expect((await failFrom({ "x-forwarded-for": "192.0.2.212" }, 99, proxied)).status).toBe(400);
	});
});

describe("the cron", () => {
	it("deletes expired sessions and throttle keys whose window is over, and nothing else", async () => {
		const user = await createUser(control, { email: "cron@example.com", password: PASSWORD });
		const now = Date.now();
		await control.insert(sessions).values([
			{
				hashedToken: "expired",
				userId: user.id,
				createdAt: new Date(now - 20 * 86_400_000),
				expiresAt: new Date(now - 1),
			},
			{ hashedToken: "live", userId: user.id, createdAt: new Date(now), expiresAt: new Date(now + 86_400_000) },
		]);
		await control.insert(loginThrottle).values([
			{ key: "ip:stale", windowStart: new Date(now - 25 * 3_600_000), failures: 9, lockedUntil: new Date(now - 1) },
			{
				key: "ip:still-locked",
				windowStart: new Date(now - 25 * 3_600_000),
				failures: 30,
				lockedUntil: new Date(now + MINUTE),
			},
			{ key: "ip:recent", windowStart: new Date(now - 3_600_000), failures: 2, lockedUntil: null },
		]);
		const ctx = createExecutionContext();
		await worker.scheduled(createScheduledController(), env, ctx);
		await waitOnExecutionContext(ctx);
		const keys = (await control.select({ key: loginThrottle.key }).from(loginThrottle)).map((row) => row.key);
		expect(keys).toContain("ip:still-locked");
		expect(keys).toContain("ip:recent");
		expect(keys).not.toContain("ip:stale");
		const tokens = (await control.select().from(sessions)).map((row) => row.hashedToken);
		expect(tokens).toContain("live");
		expect(tokens).not.toContain("expired");
	});
});
