/**
 * Organizations from the control silo's side. Creating one writes the mapping (slug → region), the
 * owner's membership and an outbox message in one D1 batch (one transaction); the outbox then
 * provisions the organization row in its region. A crash in between leaves a pending mapping that
 * the next drain completes, never an organization known to one silo only.
 */
import { and, eq } from "drizzle-orm";
import { controlOutbox, organizationMappings, organizationMemberMappings, users } from "../../schema/control";
import { type ControlDb, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { drainOutbox } from "../lib/outbox";
import { controlOutboxStore } from "../lib/outbox-store";
import type { RegionRpcResolver } from "../lib/rpc/clients";
import { OrganizationUpdatePayload, slugSchema } from "../lib/rpc/services";
import type { Settings } from "../lib/settings";
import { newSnowflake } from "../lib/snowflake";
import { memberReplicaRow, tokenReplicaRegionRows, userTokenRows } from "./replication";

export async function createOrganization(
	db: ControlDb,
	settings: Settings,
	input: { slug: string; name: string; regionName: string; ownerUserId: number },
) {
	const slug = slugSchema.parse(input.slug);
	const region = settings.regions.get(input.regionName);
	if (!region) throw new ApiError(400, `Unknown region "${input.regionName}"`);
	const organizationId = newSnowflake(region.snowflake_id);
	const conflict = new ApiError(409, `An organization with the slug "${slug}" already exists`);
	if (await findOrganizationMapping(db, slug)) throw conflict;
	const owner = await db.query.users.findFirst({ where: eq(users.id, input.ownerUserId) });
	try {
		const [mappings] = await db.batch([
			db
				.insert(organizationMappings)
				.values({ organizationId, slug, name: input.name, regionName: region.name, status: "pending" })
				.returning(),
			db.insert(organizationMemberMappings).values({ organizationId, userId: input.ownerUserId, role: "owner" }),
			db.insert(controlOutbox).values({
				regionName: region.name,
				category: "organization.provision",
				shardIdentifier: organizationId,
				objectIdentifier: organizationId,
				payload: { id: organizationId, slug, name: input.name },
				scheduledFor: new Date(),
			}),
			// After the organization itself (same shard, later id): the owner's membership and tokens.
			db.insert(controlOutbox).values(
				memberReplicaRow(region.name, {
					organizationId,
					userId: input.ownerUserId,
					role: "owner",
					...(owner ? { email: owner.email } : {}),
				}),
			),
			...tokenReplicaRegionRows(db, input.ownerUserId, [region.name]),
			...(await userTokenRows(db, input.ownerUserId, region.name)).map((row) => db.insert(controlOutbox).values(row)),
		]);
		return mappings[0] as typeof organizationMappings.$inferSelect;
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict;
		throw error;
	}
}

export function findOrganizationMapping(db: ControlDb, slug: string) {
	return db.query.organizationMappings.findFirst({ where: eq(organizationMappings.slug, slug) });
}

/** The organization with this slug and the user's role in it, if the user is a member. */
export async function findMembership(db: ControlDb, userId: number, slug: string) {
	const [row] = await db
		.select({ mapping: organizationMappings, role: organizationMemberMappings.role })
		.from(organizationMappings)
		.innerJoin(
			organizationMemberMappings,
			and(
				eq(organizationMemberMappings.organizationId, organizationMappings.organizationId),
				eq(organizationMemberMappings.userId, userId),
			),
		)
		.where(eq(organizationMappings.slug, slug))
		.limit(1);
	return row;
}

/** Delivers the control outbox to the regions; a provisioned organization's mapping turns active. */
export function drainControlOutbox(db: ControlDb, regionRpc: RegionRpcResolver, regionName?: string) {
	const store = controlOutboxStore(
		db,
		(message) =>
			message.category === "organization.provision"
				? [
						db
							.update(organizationMappings)
							.set({ status: "active" })
							.where(eq(organizationMappings.organizationId, message.objectIdentifier)),
					]
				: [],
		regionName,
	);
	return drainOutbox(store, async (message) => {
		await regionRpc(message.regionName).applyControlOutbox({
			id: message.id,
			category: message.category,
			objectIdentifier: message.objectIdentifier,
			payload: message.payload,
		});
	});
}

/** A region renamed an organization: the mapping follows, keyed by organization id. */
export async function applyOrganizationUpdate(db: ControlDb, payload: unknown) {
	const { id, slug, name } = OrganizationUpdatePayload.parse(payload);
	await db.update(organizationMappings).set({ slug, name }).where(eq(organizationMappings.organizationId, id));
}
