/**
 * Uploaded source files in the region: each bundle's files kept one by one in R2 (so a lookup reads
 * one map, not a whole zip) and indexed in D1 per project by debug ID and by release + dist + URL.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { artifactBundleFiles, artifactBundles } from "../../../schema/region";
import { type RegionDb, slicesOf } from "../../lib/db";
import type { BundleFile } from "./bundles";

export interface NewBundle {
	organizationId: number;
	projectIds: number[];
	checksum: string;
	release: string | null;
	dist: string | null;
	files: BundleFile[];
}

/** Rows per insert, so one statement stays under D1's 100 bound parameters. */
const ROWS_PER_INSERT = 8;

/** Stores the bundle's files and index; undefined when the organization already has this bundle. */
export async function storeBundle(db: RegionDb, bucket: R2Bucket, bundle: NewBundle) {
	const storagePrefix = `artifacts/${bundle.organizationId}/${bundle.checksum}`;
	const objectKeyOf = (index: number) => `${storagePrefix}/${index}`;
	await Promise.all(bundle.files.map((file, index) => bucket.put(objectKeyOf(index), file.content)));
	const [row] = await db
		.insert(artifactBundles)
		.values({
			organizationId: bundle.organizationId,
			checksum: bundle.checksum,
			release: bundle.release,
			dist: bundle.dist,
			fileCount: bundle.files.length,
			storagePrefix,
		})
		.onConflictDoNothing()
		.returning();
	if (!row) return undefined;
	const rows = bundle.projectIds.flatMap((projectId) =>
		bundle.files.map((file, index) => ({
			organizationId: bundle.organizationId,
			projectId,
			bundleId: row.id,
			type: file.type,
			url: file.url,
			debugId: file.debugId,
			release: bundle.release,
			dist: bundle.dist,
			sourceMapRef: file.sourceMapRef,
			objectKey: objectKeyOf(index),
		})),
	);
	for (const slice of slicesOf(rows, ROWS_PER_INSERT)) await db.insert(artifactBundleFiles).values(slice);
	return row;
}

export interface StoredFile {
	url: string;
	type: string;
	sourceMapRef: string | null;
	objectKey: string;
}

const fileColumns = {
	url: artifactBundleFiles.url,
	type: artifactBundleFiles.type,
	sourceMapRef: artifactBundleFiles.sourceMapRef,
	objectKey: artifactBundleFiles.objectKey,
};

/** Where symbolication finds uploaded files for one project's events. */
export interface SourceFileIndex {
	byDebugId(debugId: string, type: string): Promise<StoredFile | undefined>;
	/** The newest file of the release (and dist) with the first of `urls` that has one. */
	byUrl(release: string, dist: string | null, urls: string[]): Promise<StoredFile | undefined>;
	/** Whether anything was uploaded for the release (and dist) at all. */
	hasRelease(release: string, dist: string | null): Promise<boolean>;
	read(objectKey: string): Promise<string | undefined>;
}

/** D1 or R2 failed during a lookup: the message is retried, never dead-lettered for it. */
export class SourceFilesUnavailable extends Error {}

async function orUnavailable<T>(lookup: () => Promise<T>): Promise<T> {
	try {
		return await lookup();
	} catch (error) {
		throw new SourceFilesUnavailable(`source map lookup failed: ${(error as Error).message}`);
	}
}

const sameDist = (dist: string | null) =>
	dist === null ? isNull(artifactBundleFiles.dist) : eq(artifactBundleFiles.dist, dist);

export function sourceFileIndex(
	db: RegionDb,
	bucket: R2Bucket,
	organizationId: number,
	projectId: number,
): SourceFileIndex {
	const scope = and(
		eq(artifactBundleFiles.organizationId, organizationId),
		eq(artifactBundleFiles.projectId, projectId),
	);
	const releasesWithFiles = new Map<string, Promise<boolean>>();
	return {
		byDebugId: (debugId, type) =>
			orUnavailable(async () => {
				const [row] = await db
					.select(fileColumns)
					.from(artifactBundleFiles)
					.where(and(scope, eq(artifactBundleFiles.debugId, debugId), eq(artifactBundleFiles.type, type)))
					.orderBy(desc(artifactBundleFiles.bundleId))
					.limit(1);
				return row;
			}),
		hasRelease(release, dist) {
			// Asked for nearly every event of a batch, so answered once per release and dist.
			const key = `${release}\n${dist ?? ""}`;
			let answer = releasesWithFiles.get(key);
			if (!answer) {
				answer = orUnavailable(async () => {
					const [row] = await db
						.select({ id: artifactBundleFiles.id })
						.from(artifactBundleFiles)
						.where(and(scope, eq(artifactBundleFiles.release, release), sameDist(dist)))
						.limit(1);
					return row !== undefined;
				});
				releasesWithFiles.set(key, answer);
			}
			return answer;
		},
		byUrl: (release, dist, urls) =>
			orUnavailable(async () => {
				if (!urls.length) return undefined;
				const rows = await db
					.select(fileColumns)
					.from(artifactBundleFiles)
					.where(
						and(
							scope,
							eq(artifactBundleFiles.release, release),
							sameDist(dist),
							inArray(artifactBundleFiles.url, urls.slice(0, 50)),
						),
					)
					.orderBy(desc(artifactBundleFiles.bundleId));
				return urls.map((url) => rows.find((row) => row.url === url)).find(Boolean);
			}),
		read: (objectKey) =>
			orUnavailable(async () => {
				const object = await bucket.get(objectKey);
				return object ? object.text() : undefined;
			}),
	};
}
