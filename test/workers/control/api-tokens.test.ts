import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { apiTokens, organizationMemberMappings } from "../../../schema/control";
import { createApiToken } from "../../../workers/control/api-tokens";
import { createOrganization } from "../../../workers/control/organizations";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";
import { settingsOf } from "../../../workers/lib/settings";
import { Browser } from "../browser";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const PASSWORD = "password123";
const ada = new Browser("203.0.113.30");
const bob = new Browser("203.0.113.31");
let adaToken = "";

const bearer = (path: string, token: string, init: RequestInit = {}) =>
	exports.default.fetch(`http://faultline.test${path}`, {
		...init,
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
	});

const createToken = (browser: Browser, body: object) =>
	browser.api("/api/0/api-tokens/", { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
	const adaUser = await createUser(control, { email: "ada@x.io", password: PASSWORD });
	await createUser(control, { email: "bob@x.io", password: PASSWORD });
	adaToken = await createApiToken(control, adaUser.id);
	await ada.login("ada@x.io", PASSWORD);
	await bob.login("bob@x.io", PASSWORD);
});

describe("/api/0/api-tokens/", () => {
	it("creates a token shown once, stored only as a hash, that authenticates", async ({ expect }) => {
		const response = await createToken(ada, { name: "ci", scopes: ["project:read", "event:read"] });
		expect(response.status).toBe(201);
		const created = (await response.json()) as {
			id: string;
			token: string;
			scopes: string[];
			tokenLastCharacters: string;
		};
		expect(created.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
		expect(created.tokenLastCharacters).toBe(created.token.slice(-4));
		const stored = await control.select().from(apiTokens);
		expect(JSON.stringify(stored)).not.toContain(created.token);

		const index = await (await bearer("/api/0/", created.token)).json();
		expect(index).toMatchObject({ user: { email: "ada@x.io" }, auth: { scopes: ["project:read", "event:read"] } });

		const listed = (await (await ada.api("/api/0/api-tokens/")).json()) as { id: string; token?: string }[];
		expect(listed.map((token) => token.id)).toContain(created.id);
		expect(listed.every((token) => token.token === undefined)).toBe(true);
	});

	it("refuses unknown scopes", async ({ expect }) => {
		const response = await createToken(ada, { scopes: ["org:admin:everything"] });
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toMatch(/scopes/);
	});

	it("refuses scopes beyond what the user's roles grant", async ({ expect }) => {
		const carol = await createUser(control, { email: "carol@x.io", password: PASSWORD });
		const owner = await createUser(control, { email: "carol-boss@x.io", password: PASSWORD });
		const mapping = await createOrganization(control, settingsOf(env), {
			slug: "carols-employer",
			name: "Employer",
			regionName: "us",
			ownerUserId: owner.id,
		});
		await control.batch([
			control.insert(organizationMemberMappings).values({
				organizationId: mapping.organizationId,
				userId: carol.id,
				role: "member",
			}),
		]);
		const browser = new Browser("203.0.113.32");
		await browser.login("carol@x.io", PASSWORD);
		const refused = await createToken(browser, { scopes: ["event:read", "project:write"] });
		expect(refused.status).toBe(400);
		expect(await refused.json()).toEqual({ detail: "You may not grant scopes you do not have: project:write" });
		expect((await createToken(browser, { scopes: ["event:read", "project:read"] })).status).toBe(201);
	});

	it("cannot be managed with a bearer token: a limited token mints nothing and revokes nothing", async ({ expect }) => {
		const limited = (await (await createToken(ada, { scopes: ["event:read"] })).json()) as { token: string };
		const before = (await control.select().from(apiTokens)).length;
		const mint = await bearer("/api/0/api-tokens/", limited.token, {
			method: "POST",
			body: JSON.stringify({ scopes: ["org:admin", "project:admin"] }),
		});
		expect(mint.status).toBe(403);
		expect(await mint.json()).toEqual({ detail: "This endpoint requires a logged-in session, not an API token." });
		const [first] = await control.select().from(apiTokens);
		const revoke = await bearer(`/api/0/api-tokens/${first?.id}/`, limited.token, { method: "DELETE" });
		expect(revoke.status).toBe(403);
		expect((await bearer("/api/0/api-tokens/", adaToken)).status).toBe(403);
		expect((await control.select().from(apiTokens)).length).toBe(before);
	});

	it("needs the CSRF token on a session call", async ({ expect }) => {
		const response = await ada.fetch("/api/0/api-tokens/", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ scopes: ["org:read"] }),
		});
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ detail: "CSRF Failed: CSRF token missing or incorrect." });
	});

	it("revokes: the token stops working, and nobody can revoke another user's token", async ({ expect }) => {
		const created = (await (await createToken(ada, { scopes: ["org:read"] })).json()) as { id: string; token: string };
		expect((await bob.api(`/api/0/api-tokens/${created.id}/`, { method: "DELETE" })).status).toBe(404);
		expect((await (await bearer("/api/0/", created.token)).json()) as object).toMatchObject({
			user: { email: "ada@x.io" },
		});

		const revoked = await ada.api("/api/0/api-tokens/", {
			method: "DELETE",
			body: JSON.stringify({ tokenId: created.id }),
		});
		expect(revoked.status).toBe(204);
		expect(await (await bearer("/api/0/", created.token)).json()).toMatchObject({ user: null });
		expect((await bob.api("/api/0/api-tokens/")).status).toBe(200);
	});
});
