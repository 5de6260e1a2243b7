/** Organizations as the region stores them; created only on the control silo's instruction. */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { organizations, regionOutbox } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import type { ProvisionOrganizationPayload } from "../../lib/rpc/services";

type OrganizationInput = z.infer<typeof ProvisionOrganizationPayload>;

/** Idempotent: provisioning the same organization twice leaves one row. */
export async function provisionOrganization(db: RegionDb, input: OrganizationInput) {
	await db.insert(organizations).values(input).onConflictDoNothing({ target: organizations.id });
	const row = await db.query.organizations.findFirst({ where: eq(organizations.id, input.id) });
	if (!row) throw new ApiError(409, `organization slug "${input.slug}" is taken in this region`);
	return row;
}

/** Renames an organization; the control silo's mapping follows through the region outbox. */
export async function updateOrganization(db: RegionDb, id: number, changes: { slug?: string; name?: string }) {
	const [updated] = await db.batch([
		db.update(organizations).set(changes).where(eq(organizations.id, id)).returning(),
		db.insert(regionOutbox).values({
			category: "organization.update",
			shardIdentifier: id,
			objectIdentifier: id,
			payload: {},
			scheduledFor: new Date(),
		}),
	]);
	const row = updated[0];
	if (!row) throw new ApiError(404, "The requested resource does not exist");
	return row;
}
