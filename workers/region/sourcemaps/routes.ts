/**
 * Source map uploads, as sentry-cli makes them: `sourcemaps upload` asks for the chunk-upload
 * options, sends the bundle zip's chunks (named by SHA-1, verified, kept in R2), then asks to
 * assemble it (`artifactbundle/assemble/`). Release-based uploads (`releases/<version>/files/`)
 * store one file as a bundle of its own. Everything is scoped to the URL's organization.
 */
import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { artifactBundles, projects } from "../../../schema/region";
import { IN_LIST_LIMIT } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { settingsOf } from "../../lib/settings";
import { jsonBody, limitBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireAnyScope } from "../organizations";
import { projectAccess } from "../projects";
import { InvalidBundle, parseBundle, sha1Hex } from "./bundles";
import {
	assembledBytes,
	CHUNK_SIZE,
	CHUNKS_PER_REQUEST,
	chunkKey,
	chunkSizes,
	gunzippedChunk,
	MAX_CHUNKS_PER_FILE,
	MAX_FILE_SIZE,
	MAX_REQUEST_SIZE,
} from "./chunks";
import { storeBundle } from "./store";

const RELEASE_SCOPES = ["project:releases", "project:write", "project:admin", "org:write", "org:admin"];
const sha1Pattern = /^[0-9a-f]{40}$/;

/** Workers' types declare form values as strings; file parts are Files at run time. */
const formValues = (form: FormData, name: string) => form.getAll(name) as unknown as (File | string)[];

/** Room for a release file's form fields (name, dist, headers) beside the file itself. */
const MAX_FORM_OVERHEAD = 1024 * 1024;

const AssembleRequest = z.object({
	checksum: z.string().regex(sha1Pattern, "checksum must be a SHA-1 hex digest"),
	chunks: z.array(z.string().regex(sha1Pattern, "chunks must be SHA-1 hex digests")).max(MAX_CHUNKS_PER_FILE),
	projects: z.array(z.string().min(1)).min(1, "projects must name at least one project").max(IN_LIST_LIMIT),
	version: z.string().min(1).max(250).optional(),
	dist: z.string().min(1).max(64).optional(),
});

export const sourceMapRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/chunk-upload/", async (c) => {
		const { caller } = await organizationAccess(c, c.req.param("organization"));
		requireAnyScope(caller, RELEASE_SCOPES);
		const url = new URL(
			`/api/0/organizations/${c.req.param("organization")}/chunk-upload/`,
			settingsOf(c.env).publicUrl,
		);
		return c.json({
			url: url.href,
			chunkSize: CHUNK_SIZE,
			chunksPerRequest: CHUNKS_PER_REQUEST,
			maxFileSize: MAX_FILE_SIZE,
			maxRequestSize: MAX_REQUEST_SIZE,
			concurrency: 4,
			hashAlgorithm: "sha1",
			compression: ["gzip"],
			accept: ["artifact_bundles", "sources"],
		});
	})
	.post("/api/0/organizations/:organization/chunk-upload/", async (c) => {
		const { organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireAnyScope(caller, RELEASE_SCOPES);
		await limitBody(c, MAX_REQUEST_SIZE);
		let form: FormData;
		try {
			form = await c.req.formData();
		} catch {
			throw new ApiError(400, "Expected a multipart/form-data body with file or file_gzip parts.");
		}
		const parts = [
			...formValues(form, "file").map((file) => ({ file, gzip: false })),
			...formValues(form, "file_gzip").map((file) => ({ file, gzip: true })),
		];
		if (!parts.length) throw new ApiError(400, "No chunks were sent (expected file or file_gzip parts).");
		if (parts.length > CHUNKS_PER_REQUEST)
			throw new ApiError(400, `At most ${CHUNKS_PER_REQUEST} chunks may be sent in one request.`);
		// One chunk at a time: never more than one decompressed chunk in memory.
		for (const { file, gzip } of parts) {
			if (typeof file === "string") throw new ApiError(400, "Chunks must be file parts named by their SHA-1.");
			const raw = new Uint8Array(await file.arrayBuffer());
			const bytes = gzip ? await gunzippedChunk(raw) : raw;
			if (bytes === "invalid") throw new ApiError(400, `Chunk ${file.name} is not valid gzip.`);
			if (bytes === "too large")
				throw new ApiError(400, `Chunk ${file.name} is larger than ${CHUNK_SIZE} bytes once decompressed.`);
			if (bytes.byteLength > CHUNK_SIZE)
				throw new ApiError(400, `Chunk ${file.name} is larger than ${CHUNK_SIZE} bytes.`);
			const checksum = await sha1Hex(bytes);
			if (checksum !== file.name.toLowerCase())
				throw new ApiError(400, `Checksum mismatch: chunk ${file.name} has SHA-1 ${checksum}.`);
			await c.env.EVENTS_BUCKET.put(chunkKey(organization.id, checksum), bytes);
		}
		return c.body(null, 200);
	})
	.post("/api/0/organizations/:organization/artifactbundle/assemble/", jsonBody(AssembleRequest), async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireAnyScope(caller, RELEASE_SCOPES);
		const request = c.req.valid("json");
		const projectRows = await db
			.select({ id: projects.id, slug: projects.slug })
			.from(projects)
			.where(and(eq(projects.organizationId, organization.id), inArray(projects.slug, request.projects)));
		const unknown = request.projects.filter((slug) => !projectRows.some((row) => row.slug === slug));
		if (unknown.length) throw new ApiError(400, `Unknown projects: ${unknown.join(", ")}`);
		const existing = await db.query.artifactBundles.findFirst({
			where: and(eq(artifactBundles.organizationId, organization.id), eq(artifactBundles.checksum, request.checksum)),
		});
		if (existing) return c.json({ state: "ok", missingChunks: [], detail: null });
		const sizes = await chunkSizes(c.env.EVENTS_BUCKET, organization.id, request.chunks);
		const missing = request.chunks.filter((_, index) => sizes[index] === undefined);
		if (missing.length || !request.chunks.length)
			return c.json({ state: "not_found", missingChunks: [...new Set(missing)], detail: null });
		if (sizes.reduce((sum: number, size) => sum + (size ?? 0), 0) > MAX_FILE_SIZE)
			throw new ApiError(400, `The file assembled from these chunks would be larger than ${MAX_FILE_SIZE} bytes.`);
		const zip = await assembledBytes(c.env.EVENTS_BUCKET, organization.id, request.chunks);
		if ((await sha1Hex(zip)) !== request.checksum)
			return c.json({ state: "error", missingChunks: [], detail: "The assembled chunks do not match the checksum." });
		try {
			const bundle = parseBundle(zip);
			await storeBundle(db, c.env.EVENTS_BUCKET, {
				organizationId: organization.id,
				projectIds: projectRows.map(({ id }) => id),
				checksum: request.checksum,
				release: request.version ?? bundle.release,
				dist: request.dist ?? bundle.dist,
				files: bundle.files,
			});
		} catch (error) {
			if (!(error instanceof InvalidBundle)) throw error;
			return c.json({ state: "error", missingChunks: [], detail: error.message });
		}
		// The bundle's files are stored on their own now; a later upload of the same chunks re-sends them.
		await c.env.EVENTS_BUCKET.delete(request.chunks.map((chunk) => chunkKey(organization.id, chunk)));
		// Assembly is synchronous here, so the bundle is ready by the time Sentry would say "created".
		return c.json({ state: "ok", missingChunks: [], detail: null });
	})
	.post("/api/0/projects/:organization/:project/releases/:version/files/", async (c) => {
		const { db, organization, project } = await projectAccess(c, RELEASE_SCOPES);
		await limitBody(c, MAX_FILE_SIZE + MAX_FORM_OVERHEAD);
		let form: FormData;
		try {
			form = await c.req.formData();
		} catch {
			throw new ApiError(400, "Expected a multipart/form-data body with a file part.");
		}
		const [file] = formValues(form, "file");
		if (!file || typeof file === "string") throw new ApiError(400, "Missing uploaded file");
		const name = String(form.get("name") ?? file.name);
		if (!name) throw new ApiError(400, "File name must be specified");
		const dist = (form.get("dist") as string | null) || null;
		const headers = Object.fromEntries(
			form
				.getAll("header")
				.map(String)
				.flatMap((line) => {
					const at = line.indexOf(":");
					return at > 0 ? [[line.slice(0, at).trim(), line.slice(at + 1).trim()]] : [];
				}),
		);
		const content = new Uint8Array(await file.arrayBuffer());
		if (content.byteLength > MAX_FILE_SIZE) throw new ApiError(413, "File too large");
		const sha1 = await sha1Hex(content);
		const version = c.req.param("version");
		const sourceMapRef =
			Object.entries(headers).find(([key]) => ["sourcemap", "x-sourcemap"].includes(key.toLowerCase()))?.[1] ?? null;
		const checksum = await sha1Hex(
			new TextEncoder().encode(`release-file\n${project.id}\n${version}\n${dist ?? ""}\n${name}\n${sha1}`),
		);
		const stored = await storeBundle(db, c.env.EVENTS_BUCKET, {
			organizationId: organization.id,
			projectIds: [project.id],
			checksum,
			release: version,
			dist,
			files: [
				{
					path: name,
					url: name,
					type: name.endsWith(".map") ? "source_map" : "minified_source",
					debugId: null,
					sourceMapRef,
					content,
				},
			],
		});
		if (!stored) throw new ApiError(409, "A file with this name already exists for this release.");
		return c.json(
			{
				id: String(stored.id),
				name,
				dist,
				headers,
				size: content.byteLength,
				sha1,
				dateCreated: stored.createdAt.toISOString(),
			},
			201,
		);
	});
