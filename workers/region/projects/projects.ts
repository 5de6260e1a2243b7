/** Projects and their DSN keys. */
import { and, asc, eq } from "drizzle-orm";
import { projectKeys, projects } from "../../../schema/region";
import { randomHex } from "../../lib/crypto";
import type { RegionDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { newSnowflake } from "../../lib/snowflake";

export async function ensureProject(
	db: RegionDb,
	regionSnowflakeId: number,
	input: { organizationId: number; slug: string; name: string; platform: string | null },
) {
	await db
		.insert(projects)
		.values({ id: newSnowflake(regionSnowflakeId), ...input })
		.onConflictDoNothing({ target: [projects.organizationId, projects.slug] });
	const row = await db.query.projects.findFirst({
		where: and(eq(projects.organizationId, input.organizationId), eq(projects.slug, input.slug)),
	});
	if (!row) throw new Error(`project ${input.slug} vanished after insert`);
	return row;
}

/** A new project; 409 when the organization already has one with the slug. */
export async function createProject(
	db: RegionDb,
	regionSnowflakeId: number,
	input: { organizationId: number; slug: string; name: string; platform: string | null },
) {
	const [row] = await db
		.insert(projects)
		.values({ id: newSnowflake(regionSnowflakeId), ...input })
		.onConflictDoNothing({ target: [projects.organizationId, projects.slug] })
		.returning();
	if (!row) throw new ApiError(409, `A project with the slug "${input.slug}" already exists`);
	return row;
}

export async function createProjectKey(
	db: RegionDb,
	input: { organizationId: number; projectId: number; label?: string },
) {
	const [row] = await db
		.insert(projectKeys)
		.values({ ...input, publicKey: randomHex(16), secretKey: randomHex(16) })
		.returning();
	if (!row) throw new Error("insert returned no project key");
	return row;
}

/** The project's first active key, made if it has none. */
export async function ensureProjectKey(db: RegionDb, input: { organizationId: number; projectId: number }) {
	const existing = await db.query.projectKeys.findFirst({
		where: and(
			eq(projectKeys.organizationId, input.organizationId),
			eq(projectKeys.projectId, input.projectId),
			eq(projectKeys.status, "active"),
		),
		orderBy: asc(projectKeys.id),
	});
	return existing ?? createProjectKey(db, input);
}
