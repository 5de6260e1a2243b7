/**
 * The split deployment (`npm run dev:regions`): control creates organizations in `us` and `de`
 * over service bindings, and each region's D1 holds only its own organization.
 */
import { existsSync, readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRegionDb, type RunningScript, runScript, startScript } from "./stack";

let regions: RunningScript;
let token: string;
/** The login session's cookies, as the browser holds them. */
let sessionCookies: string;

const regionSlugs = (region: string) =>
	queryRegionDb<{ slug: string }>(
		`${regions.home}/dev-regions/region-${region}/wrangler.json`,
		`${regions.home}/regions-state`,
		"select slug from organizations order by slug",
	).map((row) => row.slug);

/** Logs in through the API as a browser would (CSRF cookie first) and makes an API token. */
async function loginAndMakeToken(email: string, password: string): Promise<{ token: string; cookies: string }> {
	const page = await fetch(`${regions.url}/auth/login/`);
	const csrf = /faultline_csrf=([0-9a-f]+)/.exec(page.headers.get("set-cookie") ?? "")?.[1] ?? "";
	const login = await fetch(`${regions.url}/api/0/auth/login/`, {
		method: "POST",
		headers: { "content-type": "application/json", "x-csrftoken": csrf, cookie: `faultline_csrf=${csrf}` },
		body: JSON.stringify({ username: email, password }),
	});
	const session = /faultline_session=([0-9a-f]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
	const created = await fetch(`${regions.url}/api/0/api-tokens/`, {
		method: "POST",
		headers: {
			"content-type": "application/json",
			"x-csrftoken": csrf,
			cookie: `faultline_csrf=${csrf}; faultline_session=${session}`,
		},
		body: JSON.stringify({ scopes: ["org:read", "org:write", "project:read", "project:write", "event:read"] }),
	});
	return {
		token: ((await created.json()) as { token: string }).token,
		cookies: `faultline_csrf=${csrf}; faultline_session=${session}`,
	};
}

beforeAll(async () => {
	regions = await startScript("scripts/dev-regions.ts", "Faultline (split");
	runScript(
		"scripts/user-create.ts",
		["--split", "--email", "split@example.com", "--password", "password123"],
		regions.env,
	);
	({ token, cookies: sessionCookies } = await loginAndMakeToken("split@example.com", "password123"));
});

afterAll(() => regions?.stop());

const createOrganization = (name: string, region: string) =>
	fetch(`${regions.url}/api/0/organizations/`, {
		method: "POST",
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
		body: JSON.stringify({ name, region }),
	});

const asOwner = (path: string, init: RequestInit = {}) =>
	fetch(`${regions.url}${path}`, {
		...init,
		headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...init.headers },
	});

/** An envelope sent to control's port with the DSN host of the organization's region, as DNS would route it. */
function sendToIngestHost(host: string, path: string, body: string): Promise<number> {
	const url = new URL(regions.url);
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			{ hostname: url.hostname, port: url.port, path, method: "POST", headers: { host } },
			(response) => {
				response.resume();
				response.on("end", () => resolve(response.statusCode ?? 0));
			},
		);
		request.on("error", reject);
		request.end(body);
	});
}

describe("npm run dev:regions", () => {
	it("creates each organization in its own region's database only", async ({ expect }) => {
		const inDe = await createOrganization("Berlin Labs", "de");
		const inUs = await createOrganization("Boston Labs", "us");
		expect(inDe.status).toBe(201);
		expect(await inDe.json()).toMatchObject({ slug: "berlin-labs", status: { id: "active" } });
		expect(await inUs.json()).toMatchObject({ slug: "boston-labs", status: { id: "active" } });

		expect(regionSlugs("de")).toEqual(["berlin-labs"]);
		expect(regionSlugs("us")).toEqual(["boston-labs"]);

		const listed = (await (
			await fetch(`${regions.url}/api/0/organizations/`, { headers: { authorization: `Bearer ${token}` } })
		).json()) as { slug: string }[];
		expect(listed.map((org) => org.slug)).toEqual(["berlin-labs", "boston-labs"]);
	});

	it("stores a de organization's event only in de, and serves every read for it from de", async () => {
		const org = (await (await asOwner("/api/0/organizations/")).json()) as { id: string; slug: string }[];
		const berlin = org.find((candidate) => candidate.slug === "berlin-labs");
		const created = await asOwner("/api/0/teams/berlin-labs/default/projects/", {
			method: "POST",
			body: JSON.stringify({ name: "Shop" }),
		});
		expect(created.status).toBe(201);
		expect(created.headers.get("x-sentry-proxy-url")).toContain("/api/0/teams/berlin-labs/default/projects/");
		const [key] = (await (await asOwner("/api/0/projects/berlin-labs/shop/keys/")).json()) as {
			public: string;
			projectId: number;
		}[];
		if (!key || !berlin) throw new Error("no key or organization");

		const eventId = "0123456789abcdef0123456789abcdef";
		const body = `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify({ message: "kept in Frankfurt" })}\n`;
		const host = `o${berlin.id}.ingest.de.localhost`;
		expect(await sendToIngestHost(host, `/api/${key.projectId}/envelope/?sentry_key=${key.public}`, body)).toBe(200);

		const deadline = Date.now() + 15_000;
		let read = await asOwner(`/api/0/projects/berlin-labs/shop/events/${eventId}/`);
		while (read.status !== 200 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			read = await asOwner(`/api/0/projects/berlin-labs/shop/events/${eventId}/`);
		}
		expect(await read.json()).toMatchObject({ eventID: eventId, title: "kept in Frankfurt" });
		expect(read.headers.get("x-sentry-proxy-url")).toBe(
			`${regions.url.replace("127.0.0.1", "localhost")}/api/0/projects/berlin-labs/shop/events/${eventId}/`,
		);

		const eventsIn = (region: string) =>
			queryRegionDb<{ event_id: string }>(
				`${regions.home}/dev-regions/region-${region}/wrangler.json`,
				`${regions.home}/regions-state`,
				"select event_id from events",
			).map((row) => row.event_id);
		expect(eventsIn("de")).toEqual([eventId]);
		expect(eventsIn("us")).toEqual([]);
		expect(readdirSync(`${regions.home}/regions-state/v3/r2`).sort()).toEqual(
			expect.arrayContaining(["faultline-events-de"]),
		);
		expect(existsSync(`${regions.home}/regions-state/v3/r2/faultline-events-us`)).toBe(false);
	});

	it("serves the web UI on control, reading the de organization's issues through the gateway", async () => {
		const page = await fetch(`${regions.url}/organizations/berlin-labs/projects/shop/`, {
			headers: { cookie: sessionCookies },
		});
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("kept in Frankfurt");
	});
});
