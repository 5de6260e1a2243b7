import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { apiTokens } from "../../schema/control";
import { createApiToken } from "../../workers/control/api-tokens";
import { createUser } from "../../workers/control/users";
import { controlDb } from "../../workers/lib/db";

const control = controlDb("MONOLITH", env.CONTROL_DB);
let adaToken = "";
let bobToken = "";

const api = (path: string, token: string, init: RequestInit = {}) =>
	exports.default.fetch(`http://faultline.test${path}`, {
		...init,
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
	});

beforeAll(async () => {
	adaToken = await createApiToken(
		control,
		(await createUser(control, { email: "ada@x.io", password: "password123" })).id,
	);
	bobToken = await createApiToken(
		control,
		(await createUser(control, { email: "bob@x.io", password: "password123" })).id,
	);
});

describe("/api/0/api-tokens/", () => {
	it("creates a token shown once, stored only as a hash, that authenticates", async ({ expect }) => {
		const response = await api("/api/0/api-tokens/", adaToken, {
			method: "POST",
			body: JSON.stringify({ name: "ci", scopes: ["project:read", "event:read"] }),
		});
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

		const index = await (await api("/api/0/", created.token)).json();
		expect(index).toMatchObject({ user: { email: "ada@x.io" }, auth: { scopes: ["project:read", "event:read"] } });

		const listed = (await (await api("/api/0/api-tokens/", adaToken)).json()) as { id: string; token?: string }[];
		expect(listed.map((token) => token.id)).toContain(created.id);
		expect(listed.every((token) => token.token === undefined)).toBe(true);
	});

	it("refuses unknown scopes", async ({ expect }) => {
		const response = await api("/api/0/api-tokens/", adaToken, {
			method: "POST",
			body: JSON.stringify({ scopes: ["org:admin:everything"] }),
		});
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toMatch(/scopes/);
	});

	it("revokes: the token stops working, and nobody can revoke another user's token", async ({ expect }) => {
		const created = (await (
			await api("/api/0/api-tokens/", adaToken, { method: "POST", body: JSON.stringify({ scopes: ["org:read"] }) })
		).json()) as { id: string; token: string };
		expect((await api(`/api/0/api-tokens/${created.id}/`, bobToken, { method: "DELETE" })).status).toBe(404);
		expect((await (await api("/api/0/", created.token)).json()) as object).toMatchObject({
			user: { email: "ada@x.io" },
		});

		const revoked = await api("/api/0/api-tokens/", adaToken, {
			method: "DELETE",
			body: JSON.stringify({ tokenId: created.id }),
		});
		expect(revoked.status).toBe(204);
		expect(await (await api("/api/0/", created.token)).json()).toMatchObject({ user: null });
		expect((await api("/api/0/api-tokens/", bobToken)).status).toBe(200);
	});
});
