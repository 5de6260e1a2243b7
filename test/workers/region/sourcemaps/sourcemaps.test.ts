/**
 * Source map uploads through the Web API (chunk-upload, artifact-bundle assemble, release files)
 * into the region's D1 and R2, and events symbolicated by the queue consumer from what was uploaded.
 */
import { env } from "cloudflare:workers";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { randomHex } from "../../../../workers/lib/crypto";
import { sha1Hex } from "../../../../workers/region/sourcemaps/bundles";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../../tenant";

let owner: Tenant;
let stranger: Tenant;

const DEBUG_ID = "0b5c36e3-6f6a-4e07-9c43-3a0c1e2f5d10";
const SOURCE = "export function boom() {\n  throw new Error('x');\n}\n";
const MAP = JSON.stringify({
	version: 3,
	sources: ["../src/boom.ts"],
	sourcesContent: [SOURCE],
	names: [],
	mappings: "AAAA,SAAgB;AAChB;AACA",
	debug_id: DEBUG_ID,
});
const MINIFIED = "function b(){\nthrow new Error('x')\n}\n";
const encoder = new TextEncoder();

function bundleZip(): Uint8Array {
	const files = {
		"files/_/_/boom.min.js": {
			url: "~/boom.min.js",
			type: "minified_source",
			headers: { "debug-id": DEBUG_ID, sourcemap: "boom.min.js.map" },
		},
		"files/_/_/boom.min.js.map": { url: "~/boom.min.js.map", type: "source_map", headers: { "debug-id": DEBUG_ID } },
	};
	return zipSync({
		"manifest.json": encoder.encode(JSON.stringify({ org: "owner", files })),
		"files/_/_/boom.min.js": encoder.encode(MINIFIED),
		"files/_/_/boom.min.js.map": encoder.encode(MAP),
	});
}

/** A multipart request body and its content type, as sentry-cli sends them. */
async function multipart(form: FormData) {
	const request = new Request("http://multipart.invalid/", { method: "POST", body: form });
	return { body: await request.arrayBuffer(), contentType: request.headers.get("content-type") as string };
}

async function uploadChunks(tenant: Tenant, parts: { name: string; bytes: Uint8Array; gzip?: boolean }[]) {
	const form = new FormData();
	for (const { name, bytes, gzip } of parts) {
		const payload = gzip
			? new Uint8Array(
					await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
				)
			: bytes;
		form.append(gzip ? "file_gzip" : "file", new File([payload], name));
	}
	const { body, contentType } = await multipart(form);
	return api(`/api/0/organizations/${tenant.slug}/chunk-upload/`, tenant.token, {
		method: "POST",
		body,
		headers: { "content-type": contentType },
	});
}

const assemble = (tenant: Tenant, request: object, token = tenant.token) =>
	api(`/api/0/organizations/${tenant.slug}/artifactbundle/assemble/`, token, {
		method: "POST",
		body: JSON.stringify(request),
	});

async function sendJsEvent(tenant: Tenant, event: object) {
	const eventId = randomHex(16);
	const body = envelopeBody({ event_id: eventId }, [[{ type: "event" }, { platform: "javascript", ...event }]]);
	expect((await sendEnvelope(tenant, body)).status).toBe(200);
	return storedEvent(tenant, eventId);
}

/** An error thrown at line 2, column 1 of the minified file at `path`, in function `b`. */
const minifiedError = (path: string, extra: object = {}) => ({
	...extra,
	exception: {
		values: [
			{ type: "Error", value: "x", stacktrace: { frames: [{ abs_path: path, function: "b", lineno: 2, colno: 1 }] } },
		],
	},
});

const thrower = (event: Record<string, unknown>) =>
	(
		event.entries as {
			type: string;
			data: { values: { stacktrace: { frames: Record<string, unknown>[] }; raw_stacktrace?: unknown }[] };
		}[]
	).find((entry) => entry.type === "exception")?.data.values[0];

beforeAll(async () => {
	owner = await createTenant("sourcemap-owner");
	stranger = await createTenant("sourcemap-stranger");
});

describe("chunk upload and artifact bundle assembly", () => {
	const zip = bundleZip();
	let checksum = "";

	it("answers the upload options as Sentry does, only to the organization's members", async () => {
		const response = await api(`/api/0/organizations/${owner.slug}/chunk-upload/`, owner.token);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			url: expect.stringMatching(new RegExp(`/api/0/organizations/${owner.slug}/chunk-upload/$`)),
			chunkSize: expect.any(Number),
			chunksPerRequest: expect.any(Number),
			maxFileSize: expect.any(Number),
			maxRequestSize: expect.any(Number),
			concurrency: expect.any(Number),
			hashAlgorithm: "sha1",
			compression: ["gzip"],
			accept: expect.arrayContaining(["artifact_bundles"]),
		});
		expect((await api(`/api/0/organizations/${owner.slug}/chunk-upload/`, stranger.token)).status).toBe(404);
		expect(
			(await uploadChunks({ ...owner, token: stranger.token }, [{ name: "0".repeat(40), bytes: zip }])).status,
		).toBe(404);
	});

	it("refuses a chunk whose content does not have the SHA-1 it is named by", async () => {
		const response = await uploadChunks(owner, [{ name: "0".repeat(40), bytes: zip }]);
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toMatch(/Checksum mismatch/);
	});

	it("names the missing chunks, then assembles the bundle once they are uploaded", async () => {
		checksum = await sha1Hex(zip);
		const half = Math.floor(zip.byteLength / 2);
		const chunks = [zip.slice(0, half), zip.slice(half)];
		const chunkSums = await Promise.all(chunks.map(sha1Hex));
		const request = { checksum, chunks: chunkSums, projects: ["web"] };
		expect(await (await assemble(owner, request)).json()).toEqual({
			state: "not_found",
			missingChunks: chunkSums,
			detail: null,
		});
		const uploaded = await uploadChunks(owner, [
			{ name: chunkSums[0] as string, bytes: chunks[0] as Uint8Array },
			{ name: chunkSums[1] as string, bytes: chunks[1] as Uint8Array, gzip: true },
		]);
		expect(uploaded.status).toBe(200);
		// Chunks belong to the organization that uploaded them.
		expect(await (await assemble(stranger, request)).json()).toEqual({
			state: "not_found",
			missingChunks: chunkSums,
			detail: null,
		});
		expect(await (await assemble(owner, request)).json()).toEqual({ state: "ok", missingChunks: [], detail: null });
		expect(await env.EVENTS_BUCKET.head(`chunks/${owner.organizationId}/${chunkSums[0]}`)).toBeNull();
		expect(await (await assemble(owner, request)).json()).toEqual({ state: "ok", missingChunks: [], detail: null });
		expect((await assemble(owner, request, stranger.token)).status).toBe(404);
	});

	it("refuses projects the organization does not have, and chunks that are not a bundle", async () => {
		const unknownProject = await assemble(owner, { checksum, chunks: [], projects: ["nope"] });
		expect(unknownProject.status).toBe(400);
		const garbage = encoder.encode("not a zip");
		const sum = await sha1Hex(garbage);
		expect((await uploadChunks(owner, [{ name: sum, bytes: garbage }])).status).toBe(200);
		expect(await (await assemble(owner, { checksum: sum, chunks: [sum], projects: ["web"] })).json()).toMatchObject({
			state: "error",
			detail: expect.stringMatching(/not a valid zip/),
		});
	});

	it("symbolicates an event whose debug_meta names the bundle's debug ID", async () => {
		const path = "https://app.example.com/assets/boom.min.js";
		const event = await sendJsEvent(
			owner,
			minifiedError(path, { debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] } }),
		);
		expect(thrower(event)?.stacktrace.frames[0]).toMatchObject({
			filename: "src/boom.ts",
			function: "boom",
			lineno: 2,
			context_line: "  throw new Error('x');",
			data: { symbolicated: true, resolved_with: "debug-id" },
		});
		expect(thrower(event)?.raw_stacktrace).toMatchObject({ frames: [{ abs_path: path, function: "b" }] });
	});

	it("does not use another organization's bundle, and says why", async () => {
		const path = "https://app.example.com/assets/boom.min.js";
		const event = await sendJsEvent(
			stranger,
			minifiedError(path, { debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: DEBUG_ID }] } }),
		);
		expect(thrower(event)?.stacktrace.frames[0]).toMatchObject({
			function: "b",
			data: { symbolicated: false, symbolicator_status: "missing_sourcemap" },
		});
		expect(event.errors).toEqual([
			{ type: "js_no_source", url: path, reason: `no source map with debug ID ${DEBUG_ID} was uploaded` },
		]);
	});
});

describe("release files", () => {
	const upload = async (name: string, content: string, header?: string) => {
		const form = new FormData();
		form.append("file", new File([content], name.split("/").pop() as string));
		form.append("name", name);
		if (header) form.append("header", header);
		const { body, contentType } = await multipart(form);
		return api(`/api/0/projects/${owner.slug}/web/releases/web@2.0.0/files/`, owner.token, {
			method: "POST",
			body,
			headers: { "content-type": contentType },
		});
	};

	it("stores files under the release and symbolicates the release's events by URL", async () => {
		const minified = await upload("~/static/boom.min.js", MINIFIED, "Sourcemap: boom.min.js.map");
		expect(minified.status).toBe(201);
		expect(await minified.json()).toMatchObject({
			name: "~/static/boom.min.js",
			dist: null,
			headers: { Sourcemap: "boom.min.js.map" },
			size: MINIFIED.length,
			sha1: await sha1Hex(encoder.encode(MINIFIED)),
		});
		expect((await upload("~/static/boom.min.js.map", MAP)).status).toBe(201);
		expect((await upload("~/static/boom.min.js.map", MAP)).status).toBe(409);

		const event = await sendJsEvent(
			owner,
			minifiedError("https://cdn.example.com/static/boom.min.js", { release: "web@2.0.0" }),
		);
		expect(thrower(event)?.stacktrace.frames[0]).toMatchObject({
			filename: "src/boom.ts",
			lineno: 2,
			data: { symbolicated: true, resolved_with: "release", sourcemap: "~/static/boom.min.js.map" },
		});
	});
});

describe("upload limits: every size and count a member chooses is refused before it costs memory", () => {
	const MiB = 1024 * 1024;

	/** `zip` with the central directory saying `name` inflates to `size` bytes, as a zip bomb says. */
	function declaringSize(zip: Uint8Array, name: string, size: number): Uint8Array {
		const patched = zip.slice();
		const view = new DataView(patched.buffer);
		const encodedName = encoder.encode(name);
		for (let at = 0; at + 46 < patched.length; at++) {
			if (view.getUint32(at, true) !== 0x02014b50) continue;
			const nameLength = view.getUint16(at + 28, true);
			const entryName = patched.subarray(at + 46, at + 46 + nameLength);
			if (entryName.length === encodedName.length && entryName.every((byte, i) => byte === encodedName[i]))
				view.setUint32(at + 24, size, true);
		}
		return patched;
	}

	it("stops inflating a gzip chunk at the chunk size", async () => {
		const bomb = new Uint8Array(16 * MiB);
		const response = await uploadChunks(owner, [{ name: await sha1Hex(bomb), bytes: bomb, gzip: true }]);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			detail: `Chunk ${await sha1Hex(bomb)} is larger than ${8 * MiB} bytes once decompressed.`,
		});
	});

	it("refuses more chunks per request than it advertises, and a body over the request size", async () => {
		const parts = await Promise.all(
			Array.from({ length: 5 }, async (_, index) => {
				const bytes = encoder.encode(`chunk ${index}`);
				return { name: await sha1Hex(bytes), bytes };
			}),
		);
		const tooMany = await uploadChunks(owner, parts);
		expect(tooMany.status).toBe(400);
		expect(await tooMany.json()).toEqual({ detail: "At most 4 chunks may be sent in one request." });

		const huge = new Uint8Array(33 * MiB);
		const tooLarge = await uploadChunks(owner, [{ name: await sha1Hex(huge), bytes: huge }]);
		expect(tooLarge.status).toBe(413);
	});

	it("refuses to assemble chunks that add up to more than the file size limit, before reading them", async () => {
		const chunk = new Uint8Array(8 * MiB);
		const sum = await sha1Hex(chunk);
		expect((await uploadChunks(owner, [{ name: sum, bytes: chunk, gzip: true }])).status).toBe(200);
		const response = await assemble(owner, { checksum: "f".repeat(40), chunks: Array(6).fill(sum), projects: ["web"] });
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			detail: `The file assembled from these chunks would be larger than ${40 * MiB} bytes.`,
		});
		const countOver = await assemble(owner, {
			checksum: "f".repeat(40),
			chunks: Array(65).fill(sum),
			projects: ["web"],
		});
		expect(countOver.status).toBe(400);
	});

	it("refuses a bundle whose files would unzip to more than 64 MiB, inflating nothing", async () => {
		const bomb = declaringSize(bundleZip(), "files/_/_/boom.min.js.map", 100 * MiB);
		const sum = await sha1Hex(bomb);
		expect((await uploadChunks(owner, [{ name: sum, bytes: bomb }])).status).toBe(200);
		expect(await (await assemble(owner, { checksum: sum, chunks: [sum], projects: ["web"] })).json()).toEqual({
			state: "error",
			missingChunks: [],
			detail: `the bundle's files come to more than ${64 * MiB} bytes once unzipped`,
		});
	});
});
