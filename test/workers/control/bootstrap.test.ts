import { env, exports } from "cloudflare:workers";
import { describe, it } from "vitest";
import { organizationMappings, users } from "../../../schema/control";
import { projectKeys, projects } from "../../../schema/region";
import { newTokenValue } from "../../../workers/control/api-tokens";
import { bootstrap } from "../../../workers/control/bootstrap";
import { controlDb, regionDb } from "../../../workers/lib/db";
import { settingsOf } from "../../../workers/lib/settings";
import { monolithRegionRpc } from "../../../workers/monolith/rpc";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const input = {
	email: "Admin@Example.com",
	password: "a-long-password",
	token: newTokenValue(),
	organizationSlug: "default",
	projectSlug: "default",
};
const run = () => bootstrap(control, settingsOf(env), monolithRegionRpc(env), input);

describe("bootstrap", () => {
	it("makes user, token, organization, project and key once, however often it runs", async ({ expect }) => {
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		expect(first).toMatchObject({ org: "default", project: "default", email: "admin@example.com" });
		expect(first.dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:8787\/\d+$/);

		const region = regionDb("MONOLITH", env.REGION_DB);
		expect(await control.select().from(users)).toHaveLength(1);
		expect(await control.select().from(organizationMappings)).toMatchObject([{ slug: "default", status: "active" }]);
		expect(await region.select().from(projects)).toHaveLength(1);
		expect(await region.select().from(projectKeys)).toHaveLength(1);
	});

	it("leaves a token that the API index recognises", async ({ expect }) => {
		const response = await exports.default.fetch("http://faultline.test/api/0/", {
			headers: { authorization: `Bearer ${input.token}` },
		});
		expect(await response.json()).toMatchObject({
			user: { email: "admin@example.com" },
			auth: { scopes: expect.arrayContaining(["org:read"]) },
		});
		const wrong = await exports.default.fetch("http://faultline.test/api/0/", {
			headers: { authorization: `Bearer ${newTokenValue()}` },
		});
		expect(await wrong.json()).toEqual({ version: "0", auth: null, user: null });
	});
});
