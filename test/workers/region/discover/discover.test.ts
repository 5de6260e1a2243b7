import { beforeAll, describe, it } from "vitest";
import { api, createTenant, type Tenant } from "../../tenant";

let mine: Tenant;
let theirs: Tenant;

beforeAll(async () => {
	mine = await createTenant("discover-mine");
	theirs = await createTenant("discover-theirs");
});

describe("GET /api/0/organizations/<org>/events/", () => {
	it("refuses a dataset no capability answers with 400 and Sentry's detail", async ({ expect }) => {
		const response = await api("/api/0/organizations/discover-mine/events/?dataset=nonsense", mine.token);
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toMatch(/^dataset must be one of/);
	});

	it("checks the organization before the dataset: another organization's is a 404", async ({ expect }) => {
		const response = await api("/api/0/organizations/discover-theirs/events/?dataset=nonsense", mine.token);
		expect(response.status).toBe(404);
		expect(theirs.slug).toBe("discover-theirs");
	});
});
