import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { controlOutbox, organizationMappings } from "../../schema/control";
import { organizations } from "../../schema/region";
import { createOrganization } from "../../workers/control/organizations";
import { createUser } from "../../workers/control/users";
import { controlDb, regionDb } from "../../workers/lib/db";
import { settingsOf } from "../../workers/lib/settings";
import worker from "../../workers/monolith";

describe("outbox after a crash", () => {
	it("is completed by the cron trigger: the organization appears in its region", async ({ expect }) => {
		const control = controlDb("MONOLITH", env.CONTROL_DB);
		const user = await createUser(control, { email: "cron@example.com", password: "password123" });
		// The worker "crashed" right after the control batch: nothing was drained.
		const mapping = await createOrganization(control, settingsOf(env), {
			slug: "crashed",
			name: "Crashed",
			regionName: "us",
			ownerUserId: user.id,
		});
		const ctx = createExecutionContext();
		await worker.scheduled(createScheduledController(), env, ctx);
		await waitOnExecutionContext(ctx);

		expect(await control.select().from(controlOutbox)).toEqual([]);
		expect(await control.select().from(organizationMappings)).toMatchObject([{ slug: "crashed", status: "active" }]);
		expect(await regionDb("MONOLITH", env.REGION_DB).select().from(organizations)).toMatchObject([
			{ id: mapping.organizationId, slug: "crashed" },
		]);
	});
});
