import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { createApiToken } from "../../../workers/control/api-tokens";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const tokens: Record<"ada" | "bob", string> = { ada: "", bob: "" };

const api = (path: string, user: keyof typeof tokens | undefined, init: RequestInit = {}) =>
	exports.default.fetch(`http://faultline.test${path}`, {
		...init,
		headers: { "content-type": "application/json", ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) },
	});
const create = (user: keyof typeof tokens, body: object) =>
	api("/api/0/organizations/", user, { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
	for (const name of ["ada", "bob"] as const) {
		const user = await createUser(control, { email: `${name}@example.com`, password: "password123" });
		tokens[name] = await createApiToken(control, user.id);
	}
});

describe("POST /api/0/organizations/", () => {
	it("creates the organization in its region and answers in Sentry's shape", async ({ expect }) => {
		const response = await create("ada", { name: "Ada's Lab" });
		expect(response.status).toBe(201);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({
			slug: "ada-s-lab",
			name: "Ada's Lab",
			status: { id: "active" },
			links: { organizationUrl: "http://127.0.0.1:8787/organizations/ada-s-lab/", regionUrl: "http://127.0.0.1:8787" },
		});
		expect(body.id).toMatch(/^\d+$/);
	});

	it("refuses a taken slug, a bad slug, an unknown region and anonymous callers", async ({ expect }) => {
		const taken = await create("bob", { name: "Other", slug: "ada-s-lab" });
		expect(taken.status).toBe(409);
		expect(await taken.json()).toEqual({ detail: 'An organization with the slug "ada-s-lab" already exists' });
		expect((await create("bob", { name: "Bad", slug: "Not Valid!" })).status).toBe(400);
		expect((await create("bob", { name: "Far", region: "mars" })).status).toBe(400);
		expect((await create("bob", {})).status).toBe(400);
		const anonymous = await api("/api/0/organizations/", undefined, { method: "POST", body: "{}" });
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toEqual({ detail: "Authentication credentials were not provided." });
	});
});

describe("GET /api/0/organizations/", () => {
	it("lists only the caller's organizations", async ({ expect }) => {
		await create("bob", { name: "Bob Co" });
		const ada = (await (await api("/api/0/organizations/", "ada")).json()) as { slug: string }[];
		const bob = (await (await api("/api/0/organizations/", "bob")).json()) as { slug: string }[];
		expect(ada.map((org) => org.slug)).toEqual(["ada-s-lab"]);
		expect(bob.map((org) => org.slug)).toEqual(["bob-co"]);
		expect((await api("/api/0/organizations/", undefined)).status).toBe(401);
	});
});
