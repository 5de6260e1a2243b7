/**
 * Artifact bundles as sentry-cli builds them: a zip with `manifest.json` naming each file's URL,
 * type and headers (`debug-id`, `sourcemap`). Reading one yields the files to store and index.
 * A zip says how large each file is once inflated; those sizes are checked (count and total) before
 * anything is inflated, and inflating never writes past them, so a zip bomb is refused, not unpacked.
 */
import { unzipSync } from "fflate";
import { toHex } from "../../lib/crypto";
import { record, text } from "../../lib/json";

export interface BundleFile {
	/** Path inside the zip. */
	path: string;
	url: string;
	type: string;
	debugId: string | null;
	sourceMapRef: string | null;
	content: Uint8Array;
}

export interface ParsedBundle {
	release: string | null;
	dist: string | null;
	files: BundleFile[];
}

export class InvalidBundle extends Error {}

/** Every file of a bundle is held in memory at once (the worker has 128 MB), with the zip itself. */
export const MAX_BUNDLE_UNZIPPED_BYTES = 64 * 1024 * 1024;
export const MAX_BUNDLE_FILES = 10_000;

/** Counts each entry's declared inflated size as the zip is read, refusing the bundle past the limits. */
function withinLimits() {
	let files = 0;
	let bytes = 0;
	return (entry: { name: string; originalSize: number }) => {
		files += 1;
		bytes += entry.originalSize;
		if (files > MAX_BUNDLE_FILES) throw new InvalidBundle(`the bundle has more than ${MAX_BUNDLE_FILES} files`);
		if (bytes > MAX_BUNDLE_UNZIPPED_BYTES)
			throw new InvalidBundle(`the bundle's files come to more than ${MAX_BUNDLE_UNZIPPED_BYTES} bytes once unzipped`);
		return true;
	};
}

export async function sha1Hex(bytes: Uint8Array): Promise<string> {
	return toHex(await crypto.subtle.digest("SHA-1", bytes));
}

/** Debug IDs are UUIDs; SDKs and the CLI differ in case and dashes, so compare them in one form. */
export function normalizeDebugId(value: unknown): string | null {
	const hex = text(value)?.toLowerCase().replace(/-/g, "");
	if (!hex || !/^[0-9a-f]{32}/.test(hex)) return null;
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Header names in manifests are case-insensitive (`Sourcemap`, `X-SourceMap`, `debug-id`). */
function header(headers: Record<string, unknown>, ...names: string[]): string | null {
	for (const [key, value] of Object.entries(headers))
		if (names.includes(key.toLowerCase()) && typeof value === "string") return value;
	return null;
}

export function parseBundle(zip: Uint8Array): ParsedBundle {
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(zip, { filter: withinLimits() });
	} catch (error) {
		if (error instanceof InvalidBundle) throw error;
		throw new InvalidBundle(`the bundle is not a valid zip archive (${(error as Error).message})`);
	}
	const manifestBytes = entries["manifest.json"];
	if (!manifestBytes) throw new InvalidBundle("the bundle has no manifest.json");
	let manifest: Record<string, unknown>;
	try {
		manifest = record(JSON.parse(new TextDecoder().decode(manifestBytes)));
	} catch {
		throw new InvalidBundle("the bundle's manifest.json is not valid JSON");
	}
	const files: BundleFile[] = [];
	for (const [path, value] of Object.entries(record(manifest.files))) {
		const entry = record(value);
		const content = entries[path];
		const url = text(entry.url);
		if (!content || !url) continue;
		const headers = record(entry.headers);
		files.push({
			path,
			url,
			type: text(entry.type) ?? "source",
			debugId: normalizeDebugId(header(headers, "debug-id")),
			sourceMapRef: header(headers, "sourcemap", "x-sourcemap"),
			content,
		});
	}
	return { release: text(manifest.release) ?? null, dist: text(manifest.dist) ?? null, files };
}
