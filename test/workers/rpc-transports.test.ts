import { env, exports } from "cloudflare:workers";
import { describe, it } from "vitest";
import { createOrganization } from "../../workers/control/organizations";
import { createUser } from "../../workers/control/users";
import { controlDb } from "../../workers/lib/db";
import { rpcClient } from "../../workers/lib/rpc/contract";
import { regionService } from "../../workers/lib/rpc/services";
import { bindingTransport, httpTransport } from "../../workers/lib/rpc/transports";
import { settingsOf } from "../../workers/lib/settings";
import { monolithApp } from "../../workers/monolith";
import { monolithRegionRpc } from "../../workers/monolith/rpc";

const secret = env.TEST_RPC_SHARED_SECRET;
const regionEnv = { ...env, SILO_MODE: "REGION", SENTRY_REGION: "us", RPC_SHARED_SECRET: secret };
const toRegion = async (request: Request) => monolithApp.fetch(request, regionEnv);

async function provisionedOrganization(slug: string) {
	const control = controlDb("MONOLITH", env.CONTROL_DB);
	const user = await createUser(control, { email: `${slug}@example.com`, password: "password123" });
	const mapping = await createOrganization(control, settingsOf(env), {
		slug,
		name: slug,
		regionName: "us",
		ownerUserId: user.id,
	});
	await monolithRegionRpc(env)("us").applyControlOutbox({
		id: 0,
		category: "organization.provision",
		objectIdentifier: mapping.organizationId,
		payload: { id: mapping.organizationId, slug, name: slug },
	});
	return mapping.organizationId;
}

describe("signed HTTP transport", () => {
	it("calls the region's RPC endpoint and validates both ends", async ({ expect }) => {
		const organizationId = await provisionedOrganization("over-http");
		const region = rpcClient(
			regionService,
			httpTransport({
				service: "region",
				address: "http://region.test",
				secret,
				send: toRegion,
			}),
		);
		const project = await region.ensureProject({ organizationId, slug: "web", name: "Web", platform: "javascript" });
		expect(project).toMatchObject({ organizationId, slug: "web", platform: "javascript" });
		expect((await region.ensureProject({ organizationId, slug: "web", name: "Web", platform: null })).id).toBe(
			project.id,
		);
		await expect(
			// The slug breaks the contract: the client refuses it before sending.
			region.ensureProject({ organizationId, slug: "Not A Slug", name: "x", platform: null }),
		).rejects.toThrow();
	});

	it("is refused with another secret or an unknown method", async ({ expect }) => {
		const wrongSecret = rpcClient(
			regionService,
			httpTransport({
				service: "region",
				address: "http://region.test",
				secret: "w".repeat(32),
				send: toRegion,
			}),
		);
		await expect(wrongSecret.ensureProjectKey({ organizationId: 1, projectId: 1 })).rejects.toThrow(/401/);

		const send = httpTransport({
			service: "region",
			address: "http://region.test",
			secret,
			send: toRegion,
		});
		await expect(send("dropTables", {})).rejects.toThrow(/400.*unknown RPC method/);
	});
});

describe("service binding transport", () => {
	it("calls the RegionRpc entrypoint", async ({ expect }) => {
		const organizationId = await provisionedOrganization("over-binding");
		const region = rpcClient(regionService, bindingTransport(exports.RegionRpc));
		const project = await region.ensureProject({ organizationId, slug: "api", name: "API", platform: "node" });
		const key = await region.ensureProjectKey({ organizationId, projectId: project.id });
		expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
		expect((await region.ensureProjectKey({ organizationId, projectId: project.id })).id).toBe(key.id);
	});
});
