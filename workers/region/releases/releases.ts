/**
 * Releases as Sentry's org-scoped release API keeps them: a version per organization, the projects
 * it ships in, head-commit refs and the commits `sentry-cli releases set-commits` sends. Every query
 * is scoped by organization.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { z } from "zod";
import { groups, projects, releaseCommits, releaseDeploys, releaseProjects, releases } from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { environmentNameSchema, releaseVersionSchema } from "../../lib/release-names";
import { type HealthOptions, healthKey, releaseHealth, releasesWithHealthData } from "../sessions";

type Release = typeof releases.$inferSelect;
type Project = typeof projects.$inferSelect;
type CommitRow = typeof releaseCommits.$inferSelect;
type DeployRow = typeof releaseDeploys.$inferSelect;

const date = z.iso
	.datetime({ offset: true })
	.transform((value) => new Date(value))
	.nullable()
	.optional();

const RefSchema = z.object({
	repository: z.string().min(1).max(200),
	commit: z.string().min(1).max(64),
	previousCommit: z.string().max(64).nullable().optional(),
});

/** A commit as `set-commits --local/--auto` sends it (Sentry's release commit serializer). */
const CommitSchema = z.object({
	id: z.string().min(1).max(64),
	repository: z.string().max(200).nullable().optional(),
	message: z.string().max(10_000).nullable().optional(),
	author_name: z.string().max(128).nullable().optional(),
	author_email: z.string().max(128).nullable().optional(),
	timestamp: date,
});
export type ReleaseCommitInput = z.infer<typeof CommitSchema>;

export const ReleaseChangeSchema = z.object({
	ref: z.string().max(1024).nullable().optional(),
	url: z.string().max(1024).nullable().optional(),
	dateStarted: date,
	dateReleased: date,
	refs: z.array(RefSchema).max(100).optional(),
	commits: z.array(CommitSchema).max(1000).optional(),
	status: z.enum(["open", "archived"]).optional(),
});
export type ReleaseChange = z.infer<typeof ReleaseChangeSchema>;

export const NewReleaseSchema = ReleaseChangeSchema.extend({
	version: releaseVersionSchema,
	/** Project slugs or ids, as Sentry accepts them; none when an existing release is only updated (`releases archive`). */
	projects: z.array(z.union([z.string().min(1), z.number().int()])),
});

export const NewDeploySchema = z.object({
	environment: environmentNameSchema,
	name: z.string().max(64).nullable().optional(),
	url: z.string().max(1024).nullable().optional(),
	dateStarted: date,
	dateFinished: date,
	/** Project slugs; Faultline's deploys belong to the release, so these are accepted and not kept. */
	projects: z.array(z.string()).optional(),
});

export function serializeDeploy(deploy: DeployRow) {
	return {
		id: String(deploy.id),
		environment: deploy.environment,
		name: deploy.name,
		url: deploy.url,
		dateStarted: deploy.dateStarted?.toISOString() ?? null,
		dateFinished: deploy.dateFinished.toISOString(),
	};
}

/** The organization's active projects named by slug or id; any other name is a 400, as in Sentry. */
export async function projectsNamed(
	db: RegionDb,
	organizationId: number,
	names: (string | number)[],
): Promise<Project[]> {
	const rows = await db
		.select()
		.from(projects)
		.where(and(eq(projects.organizationId, organizationId), eq(projects.status, "active")));
	const named = rows.filter((project) =>
		names.some((name) => String(name) === project.slug || String(name) === String(project.id)),
	);
	if (named.length !== new Set(names.map(String)).size) throw new ApiError(400, "Invalid project ids or slugs");
	return named;
}

/** D1 binds at most 100 parameters per statement; a commit row takes 9. */
const COMMIT_ROWS_PER_INSERT = 10;

/** The release's scalar changes and, when `change.commits` is given, its commits replaced by them. */
export async function applyReleaseChange(db: RegionDb, release: Release, change: ReleaseChange): Promise<void> {
	const { commits, refs, ...fields } = change;
	const scalar = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
	if (refs !== undefined) {
		Object.assign(scalar, {
			refs: refs.map((ref) => ({ ...ref, previousCommit: ref.previousCommit ?? null })),
		});
	}
	const ofRelease = and(eq(releases.id, release.id), eq(releases.organizationId, release.organizationId));
	if (Object.keys(scalar).length) await db.update(releases).set(scalar).where(ofRelease);
	if (commits === undefined) return;
	const rows = commits.map((commit, position) => ({
		organizationId: release.organizationId,
		releaseId: release.id,
		position,
		commitId: commit.id,
		repository: commit.repository ?? null,
		message: commit.message ?? null,
		authorName: commit.author_name ?? null,
		authorEmail: commit.author_email ?? null,
		timestamp: commit.timestamp ?? null,
	}));
	const inserts = [...slicesOf(rows, COMMIT_ROWS_PER_INSERT)].map((slice) => db.insert(releaseCommits).values(slice));
	await db.batch([
		db
			.delete(releaseCommits)
			.where(and(eq(releaseCommits.releaseId, release.id), eq(releaseCommits.organizationId, release.organizationId))),
		...inserts,
	]);
}

/** Adds `projectList` to the release's projects (already linked ones are left as they are). */
export async function linkReleaseProjects(db: RegionDb, release: Release, projectList: Project[]): Promise<void> {
	if (!projectList.length) return;
	await db
		.insert(releaseProjects)
		.values(
			projectList.map((project) => ({
				organizationId: release.organizationId,
				releaseId: release.id,
				projectId: project.id,
			})),
		)
		.onConflictDoNothing();
}

/** The latest release of the organization created before `release` that has commits, for `previous-with-commits`. */
export async function previousReleaseWithCommits(db: RegionDb, release: Release): Promise<Release | undefined> {
	const withCommits = db
		.selectDistinct({ id: releaseCommits.releaseId })
		.from(releaseCommits)
		.where(eq(releaseCommits.organizationId, release.organizationId));
	const [previous] = await db
		.select()
		.from(releases)
		.where(
			and(
				eq(releases.organizationId, release.organizationId),
				lt(releases.id, release.id),
				inArray(releases.id, withCommits),
			),
		)
		.orderBy(desc(releases.id))
		.limit(1);
	return previous;
}

export function serializeCommit(commit: CommitRow) {
	return {
		id: commit.commitId,
		message: commit.message,
		dateCreated: commit.timestamp?.toISOString() ?? null,
		pullRequest: null,
		suspectCommitType: "",
		repository: commit.repository ? { name: commit.repository } : null,
		author: commit.authorEmail || commit.authorName ? { name: commit.authorName, email: commit.authorEmail } : null,
	};
}

/**
 * Releases in Sentry's release JSON, with their projects, commit counts and new issues: a fixed
 * number of queries per IN_LIST_LIMIT releases (D1 binds at most 100 parameters per statement);
 * with `health`, each project's `healthData` (workers/region/sessions).
 */
export async function serializeReleases(db: RegionDb, organizationId: number, rows: Release[], health?: HealthOptions) {
	const serialized: Awaited<ReturnType<typeof serializeReleaseSlice>> = [];
	for (const slice of slicesOf(rows, IN_LIST_LIMIT))
		serialized.push(...(await serializeReleaseSlice(db, organizationId, slice, health)));
	return serialized;
}

async function serializeReleaseSlice(db: RegionDb, organizationId: number, rows: Release[], health?: HealthOptions) {
	const ids = rows.map((release) => release.id);
	const versions = rows.map((release) => release.version);
	const [projectLinks, commitCounts, headCommits, newGroupCounts, deploys] = await Promise.all([
		db
			.select({ releaseId: releaseProjects.releaseId, project: projects })
			.from(releaseProjects)
			.innerJoin(projects, eq(projects.id, releaseProjects.projectId))
			.where(and(eq(releaseProjects.organizationId, organizationId), inArray(releaseProjects.releaseId, ids))),
		db
			.select({ releaseId: releaseCommits.releaseId, commits: count() })
			.from(releaseCommits)
			.where(and(eq(releaseCommits.organizationId, organizationId), inArray(releaseCommits.releaseId, ids)))
			.groupBy(releaseCommits.releaseId),
		db
			.select()
			.from(releaseCommits)
			.where(
				and(
					eq(releaseCommits.organizationId, organizationId),
					inArray(releaseCommits.releaseId, ids),
					eq(releaseCommits.position, 0),
				),
			),
		db
			.select({ release: groups.firstRelease, projectId: groups.projectId, issues: count() })
			.from(groups)
			.where(
				and(
					eq(groups.organizationId, organizationId),
					isNotNull(groups.firstRelease),
					inArray(groups.firstRelease, versions),
				),
			)
			.groupBy(groups.firstRelease, groups.projectId),
		db
			.select()
			.from(releaseDeploys)
			.where(and(eq(releaseDeploys.organizationId, organizationId), inArray(releaseDeploys.releaseId, ids)))
			.orderBy(asc(releaseDeploys.dateFinished), asc(releaseDeploys.id)),
	]);
	const versionOf = new Map(rows.map((release) => [release.id, release.version]));
	const pairs = projectLinks.map((link) => ({
		projectId: link.project.id,
		version: versionOf.get(link.releaseId) as string,
	}));
	const [withHealthData, healthData] = await Promise.all([
		releasesWithHealthData(db, organizationId, pairs),
		health ? releaseHealth(db, organizationId, pairs, health) : undefined,
	]);
	const commitCountOf = new Map(commitCounts.map((row) => [row.releaseId, row.commits]));
	const lastCommitOf = new Map(headCommits.map((row) => [row.releaseId, row]));
	const newGroupsOf = (version: string, projectId?: number) =>
		newGroupCounts
			.filter((row) => row.release === version && (projectId === undefined || row.projectId === projectId))
			.reduce((sum, row) => sum + row.issues, 0);
	return rows.map((release) => {
		const lastCommit = lastCommitOf.get(release.id);
		const deploysOfRelease = deploys.filter((deploy) => deploy.releaseId === release.id);
		const lastDeploy = deploysOfRelease.at(-1);
		return {
			id: release.id,
			version: release.version,
			shortVersion: release.version,
			versionInfo: {
				package: release.version.includes("@") ? release.version.slice(0, release.version.lastIndexOf("@")) : null,
				version: { raw: release.version.slice(release.version.lastIndexOf("@") + 1) },
				description: release.version,
				buildHash: null,
			},
			status: release.status,
			ref: release.ref,
			url: release.url,
			data: {},
			owner: null,
			dateCreated: release.createdAt.toISOString(),
			dateStarted: release.dateStarted?.toISOString() ?? null,
			dateReleased: release.dateReleased?.toISOString() ?? null,
			firstEvent: null,
			lastEvent: null,
			newGroups: newGroupsOf(release.version),
			commitCount: commitCountOf.get(release.id) ?? 0,
			lastCommit: lastCommit ? serializeCommit(lastCommit) : null,
			authors: [],
			deployCount: deploysOfRelease.length,
			lastDeploy: lastDeploy ? serializeDeploy(lastDeploy) : null,
			userAgent: null,
			projects: projectLinks
				.filter((link) => link.releaseId === release.id)
				.map(({ project }) => ({
					id: project.id,
					slug: project.slug,
					name: project.name,
					platform: project.platform,
					platforms: project.platform ? [project.platform] : [],
					newGroups: newGroupsOf(release.version, project.id),
					hasHealthData: withHealthData.has(healthKey(project.id, release.version)),
					...(healthData ? { healthData: healthData.get(healthKey(project.id, release.version)) ?? null } : {}),
				})),
		};
	});
}
