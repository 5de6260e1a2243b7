/**
 * The split deployment (`npm run dev:regions`): control creates organizations in `us` and `de`
 * over service bindings, and each region's D1 holds only its own organization.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { queryRegionDb, type RunningScript, runScript, startScript } from "./stack";

let regions: RunningScript;
let token: string;

const regionSlugs = (region: string) =>
	queryRegionDb<{ slug: string }>(
		`${regions.home}/dev-regions/region-${region}/wrangler.json`,
		`${regions.home}/regions-state`,
		"select slug from organizations order by slug",
	).map((row) => row.slug);

/** Logs in through the API as a browser would (CSRF cookie first) and makes an API token. */
async function loginAndMakeToken(email: string, password: string): Promise<string> {
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
		body: JSON.stringify({ scopes: ["org:read", "org:write"] }),
	});
	return ((await created.json()) as { token: string }).token;
}

beforeAll(async () => {
	regions = await startScript("scripts/dev-regions.ts", "Faultline (split");
	runScript(
		"scripts/user-create.ts",
		["--split", "--email", "split@example.com", "--password", "password123"],
		regions.env,
	);
	token = await loginAndMakeToken("split@example.com", "password123");
});

afterAll(() => regions?.stop());

const createOrganization = (name: string, region: string) =>
	fetch(`${regions.url}/api/0/organizations/`, {
		method: "POST",
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
		body: JSON.stringify({ name, region }),
	});

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
});
