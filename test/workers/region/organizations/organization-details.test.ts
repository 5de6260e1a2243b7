import { env } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { organizationMemberMappings } from "../../../../schema/control";
import { createApiToken } from "../../../../workers/control/api-tokens";
import { createUser } from "../../../../workers/control/users";
import { controlDb } from "../../../../workers/lib/db";
import { api, createTenant, type Tenant } from "../../tenant";

const control = controlDb("MONOLITH", env.CONTROL_DB);
let mine: Tenant;
let theirs: Tenant;

beforeAll(async () => {
	mine = await createTenant("details-mine");
	theirs = await createTenant("details-theirs");
});

describe("GET /api/0/organizations/<slug>/", () => {
	it("answers the organization in Sentry's shape", async ({ expect }) => {
		const response = await api("/api/0/organizations/details-mine/", mine.token);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { access: string[] };
		expect(body).toMatchObject({
			id: String(mine.organizationId),
			slug: "details-mine",
			name: "details-mine",
			dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			status: { id: "active", name: "active" },
			features: [],
			links: {
				organizationUrl: "http://127.0.0.1:8787/organizations/details-mine/",
				regionUrl: "http://127.0.0.1:8787",
			},
		});
		expect(body.access).toContain("org:admin");
	});

	it("shows a member the scopes their role leaves them", async ({ expect }) => {
		const user = await createUser(control, { email: "details-member@example.com", password: "password123" });
		await control
			.insert(organizationMemberMappings)
			.values({ organizationId: mine.organizationId, userId: user.id, role: "member" });
		const response = await api("/api/0/organizations/details-mine/", await createApiToken(control, user.id));
		const { access } = (await response.json()) as { access: string[] };
		expect(access).toContain("org:read");
		expect(access).not.toContain("org:write");
		expect(access).not.toContain("project:write");
	});

	it("answers another organization and a missing one with the same 404", async ({ expect }) => {
		const foreign = await api("/api/0/organizations/details-theirs/", mine.token);
		const missing = await api("/api/0/organizations/details-nowhere/", mine.token);
		expect(foreign.status).toBe(404);
		expect(missing.status).toBe(404);
		expect(await foreign.json()).toEqual(await missing.json());
		expect((await api("/api/0/organizations/details-theirs/", theirs.token)).status).toBe(200);
		expect((await api("/api/0/organizations/details-mine/", undefined)).status).toBe(401);
	});
});
