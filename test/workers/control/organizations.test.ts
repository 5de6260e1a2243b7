import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, it } from "vitest";
import { controlOutbox, organizationMappings, organizationMemberMappings } from "../../../schema/control";
import { organizations } from "../../../schema/region";
import { createOrganization, drainControlOutbox } from "../../../workers/control/organizations";
import { createUser } from "../../../workers/control/users";
import { controlDb, regionDb } from "../../../workers/lib/db";
import { rpcClient } from "../../../workers/lib/rpc/contract";
import { regionService } from "../../../workers/lib/rpc/services";
import { settingsOf } from "../../../workers/lib/settings";
import { monolithControlRpc, monolithRegionRpc } from "../../../workers/monolith/rpc";
import { updateOrganization } from "../../../workers/region/organizations/organizations";
import { drainRegionOutbox } from "../../../workers/region/rpc";

const settings = settingsOf(env);
const control = controlDb("MONOLITH", env.CONTROL_DB);
const region = regionDb("MONOLITH", env.REGION_DB);
let ownerUserId: number;

beforeAll(async () => {
	ownerUserId = (await createUser(control, { email: "owner@example.com", password: "password123" })).id;
});

/** A region that cannot be reached over the signed-HTTP transport. */
const unreachableRegion = () =>
	rpcClient(regionService, async () => {
		throw new Error("region unreachable");
	});

describe("createOrganization", () => {
	// Each new organization sends two messages: its provisioning, then its owner's membership.
	it("writes mapping, owner and outbox together, and the drain provisions the region's row", async ({ expect }) => {
		const mapping = await createOrganization(control, settings, {
			slug: "acme",
			name: "Acme",
			regionName: "us",
			ownerUserId,
		});
		expect(mapping.status).toBe("pending");
		expect(
			await control
				.select()
				.from(organizationMemberMappings)
				.where(eq(organizationMemberMappings.organizationId, mapping.organizationId)),
		).toMatchObject([{ userId: ownerUserId, role: "owner" }]);
		expect(await region.select().from(organizations).where(eq(organizations.id, mapping.organizationId))).toEqual([]);

		expect(await drainControlOutbox(control, monolithRegionRpc(env))).toEqual({ delivered: 2, failed: 0 });

		const [row] = await region.select().from(organizations).where(eq(organizations.id, mapping.organizationId));
		expect(row).toMatchObject({ slug: "acme", name: "Acme" });
		const [after] = await control
			.select()
			.from(organizationMappings)
			.where(eq(organizationMappings.organizationId, mapping.organizationId));
		expect(after?.status).toBe("active");
		expect(await control.select().from(controlOutbox)).toEqual([]);
	});

	it("refuses a taken slug with 409 and an unknown region with 400", async ({ expect }) => {
		await expect(
			createOrganization(control, settings, { slug: "acme", name: "Again", regionName: "us", ownerUserId }),
		).rejects.toMatchObject({ status: 409 });
		await expect(
			createOrganization(control, settings, { slug: "elsewhere", name: "E", regionName: "mars", ownerUserId }),
		).rejects.toMatchObject({ status: 400 });
		expect(await control.select().from(controlOutbox)).toEqual([]);
	});

	it("keeps the organization pending and retries later when the region is unreachable", async ({ expect }) => {
		const mapping = await createOrganization(control, settings, {
			slug: "later",
			name: "Later",
			regionName: "us",
			ownerUserId,
		});
		expect(await drainControlOutbox(control, unreachableRegion)).toEqual({ delivered: 0, failed: 1 });
		const [pending] = await control.select().from(controlOutbox);
		expect(pending).toMatchObject({ attempts: 1, lastError: "region unreachable" });
		expect(pending?.scheduledFor.getTime()).toBeGreaterThan(Date.now());

		// Not due yet: a drain now delivers nothing; once due, it goes through.
		expect(await drainControlOutbox(control, monolithRegionRpc(env))).toEqual({ delivered: 0, failed: 0 });
		await control.update(controlOutbox).set({ scheduledFor: new Date(0) });
		expect(await drainControlOutbox(control, monolithRegionRpc(env))).toEqual({ delivered: 2, failed: 0 });
		const [row] = await region.select().from(organizations).where(eq(organizations.id, mapping.organizationId));
		expect(row?.slug).toBe("later");
	});

	it("delivers a provision twice without harm (receivers are idempotent)", async ({ expect }) => {
		const rpc = monolithRegionRpc(env)("us");
		const payload = { id: 123, slug: "twice", name: "Twice" };
		await rpc.applyControlOutbox({ id: 1, category: "organization.provision", objectIdentifier: 123, payload });
		await rpc.applyControlOutbox({ id: 1, category: "organization.provision", objectIdentifier: 123, payload });
		expect(await region.select().from(organizations).where(eq(organizations.id, 123))).toHaveLength(1);
	});
});

describe("region outbox", () => {
	it("carries a rename in the region to the control silo's mapping", async ({ expect }) => {
		const [mapping] = await control.select().from(organizationMappings).where(eq(organizationMappings.slug, "acme"));
		if (!mapping) throw new Error("acme missing");
		await updateOrganization(region, mapping.organizationId, { slug: "acme-corp", name: "Acme Corp" });
		expect(await drainRegionOutbox(region, monolithControlRpc(env))).toEqual({ delivered: 1, failed: 0 });
		const [after] = await control
			.select()
			.from(organizationMappings)
			.where(eq(organizationMappings.organizationId, mapping.organizationId));
		expect(after).toMatchObject({ slug: "acme-corp", name: "Acme Corp" });
	});
});
