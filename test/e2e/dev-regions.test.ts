/**
 * The split deployment (`npm run dev:regions`): control creates organizations in `us` and `de`
 * over service bindings, and each region's D1 holds only its own organization. Direct calls to
 * `<region>.localhost` are authenticated by that region from its replicas, and a revoked token or a
 * deactivated user stays refused there whatever the user's membership history.
 */
import { existsSync, readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRegionDb, type RunningScript, runScript, startScript, waitFor } from "./stack";

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

interface Login {
	token: string;
	tokenId: string;
	/** The session's cookies, as the browser holds them. */
	cookies: string;
	csrf: string;
}

/** Logs in through the API as a browser would (CSRF cookie first) and makes an API token. */
async function loginAndMakeToken(email: string, password: string): Promise<Login> {
	const page = await fetch(`${regions.url}/auth/login/`);
	const csrf = /faultline_csrf=([0-9a-f]+)/.exec(page.headers.get("set-cookie") ?? "")?.[1] ?? "";
	const login = await fetch(`${regions.url}/api/0/auth/login/`, {
		method: "POST",
		headers: { "content-type": "application/json", "x-csrftoken": csrf, cookie: `faultline_csrf=${csrf}` },
		body: JSON.stringify({ username: email, password }),
	});
	const session = /faultline_session=([0-9a-f]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
	const cookies = `faultline_csrf=${csrf}; faultline_session=${session}`;
	return { ...(await makeToken({ cookies, csrf })), cookies, csrf };
}

/** A new API token of the logged-in session. */
async function makeToken(session: { cookies: string; csrf: string }): Promise<{ token: string; tokenId: string }> {
	const created = await fetch(`${regions.url}/api/0/api-tokens/`, {
		method: "POST",
		headers: { "content-type": "application/json", "x-csrftoken": session.csrf, cookie: session.cookies },
		body: JSON.stringify({
			scopes: [
				"org:read",
				"org:write",
				"project:read",
				"project:write",
				"event:read",
				"member:read",
				"member:write",
				"member:admin",
			],
		}),
	});
	const { token, id } = (await created.json()) as { token: string; id: string };
	return { token, tokenId: id };
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

/** A request to control's port with another host (an ingest or region host), as DNS would route it. */
function requestAtHost(
	host: string,
	path: string,
	init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<number> {
	const url = new URL(regions.url);
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			{
				hostname: url.hostname,
				port: url.port,
				path,
				method: init.method ?? "GET",
				headers: { ...init.headers, host },
			},
			(response) => {
				response.resume();
				response.on("end", () => resolve(response.statusCode ?? 0));
			},
		);
		request.on("error", reject);
		request.end(init.body);
	});
}

const sendToIngestHost = (host: string, path: string, body: string) =>
	requestAtHost(host, path, { method: "POST", body });

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

describe("direct region calls (`<region>.localhost`) after revocation and deactivation", () => {
	const email = "traveller@example.com";
	let traveller: Login;
	/** The status of a direct call to a region with a bearer token, listing an organization's projects. */
	const directly = (region: string, organization: string, bearer: string) =>
		requestAtHost(`${region}.localhost`, `/api/0/organizations/${organization}/projects/`, {
			headers: { authorization: `Bearer ${bearer}` },
		});
	/** The owner invites the traveller to the de organization, and the traveller accepts (status of the accept). */
	async function addToLisbon(): Promise<number> {
		const invited = await asOwner("/api/0/organizations/lisbon-labs/members/", {
			method: "POST",
			body: JSON.stringify({ email, orgRole: "member" }),
		});
		const { invite_link } = (await invited.json()) as { invite_link: string };
		const accepted = await fetch(
			`${regions.url}/api/0/accept-invite/${new URL(invite_link).pathname.slice("/accept/".length)}`,
			{ method: "POST", headers: { "x-csrftoken": traveller.csrf, cookie: traveller.cookies } },
		);
		return accepted.status;
	}

	beforeAll(async () => {
		runScript("scripts/user-create.ts", ["--split", "--email", email, "--password", "password123"], regions.env);
		traveller = await loginAndMakeToken(email, "password123");
		// The traveller owns an organization in us, and is a member of the owner's organization in de.
		const porto = await fetch(`${regions.url}/api/0/organizations/`, {
			method: "POST",
			headers: { "content-type": "application/json", authorization: `Bearer ${traveller.token}` },
			body: JSON.stringify({ name: "Porto Labs", region: "us" }),
		});
		expect(porto.status).toBe(201);
		expect((await createOrganization("Lisbon Labs", "de")).status).toBe(201);
		expect(await addToLisbon()).toBe(204);
	});

	it("keeps a token revoked in a region the user had left when they are added back", async () => {
		expect(await directly("de", "lisbon-labs", traveller.token)).toBe(200);
		expect(await directly("us", "porto-labs", traveller.token)).toBe(200);

		const members = (await (await asOwner("/api/0/organizations/lisbon-labs/members/")).json()) as {
			id: string;
			email: string;
		}[];
		const membership = members.find((member) => member.email === email);
		expect(
			(await asOwner(`/api/0/organizations/lisbon-labs/members/${membership?.id}/`, { method: "DELETE" })).status,
		).toBe(204);
		expect(await directly("de", "lisbon-labs", traveller.token)).toBe(404);

		const revoked = await fetch(`${regions.url}/api/0/api-tokens/${traveller.tokenId}/`, {
			method: "DELETE",
			headers: { "x-csrftoken": traveller.csrf, cookie: traveller.cookies },
		});
		expect(revoked.status).toBe(204);
		expect(await addToLisbon()).toBe(204);

		expect(await directly("de", "lisbon-labs", traveller.token)).toBe(401);
		expect(await directly("us", "porto-labs", traveller.token)).toBe(401);
	});

	it("refuses a deactivated user's tokens in every region", async () => {
		const { token: current } = await makeToken(traveller);
		expect(await directly("de", "lisbon-labs", current)).toBe(200);
		expect(await directly("us", "porto-labs", current)).toBe(200);

		runScript("scripts/user-deactivate.ts", ["--split", "--email", email], regions.env);
		// The outbox reaches the regions at the next drain: the cron, fired here rather than waited for.
		await fetch(`${regions.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
		const refusedEverywhere = async () =>
			(await directly("de", "lisbon-labs", current)) === 401 && (await directly("us", "porto-labs", current)) === 401;
		expect(
			await waitFor(async () => ((await refusedEverywhere()) ? true : undefined), "the deactivation in both regions"),
		).toBe(true);
		const throughControl = await fetch(`${regions.url}/api/0/organizations/lisbon-labs/projects/`, {
			headers: { authorization: `Bearer ${current}` },
		});
		expect(throughControl.status).toBe(401);
	});
});
