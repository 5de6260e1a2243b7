/**
 * Reading a request body within its limits: the bytes as sent are capped, and so are the bytes
 * after `Content-Encoding` (gzip, x-gzip, deflate) is undone, chunk by chunk, so a decompression
 * bomb is stopped at the limit instead of filling the isolate's memory.
 */
import { readAtMost } from "../lib/streams";

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413 | 415; detail: string };

const FORMATS: Record<string, "gzip" | "deflate" | undefined> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate" };

export async function readBody(
	body: ReadableStream<Uint8Array> | null,
	contentEncoding: string | null,
	limits: { maxRequestBytes: number; maxDecodedBytes: number },
): Promise<BodyResult> {
	const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
	if (encoding === "br" || encoding === "zstd") {
		return { ok: false, status: 415, detail: `unsupported content encoding "${encoding}"` };
	}
	if (!body) return { ok: false, status: 400, detail: "empty request body" };
	const raw = await readAtMost(body, limits.maxRequestBytes);
	if (!raw) return { ok: false, status: 413, detail: "request body exceeded the size limit" };
	const format = FORMATS[encoding];
	let bytes = raw;
	if (format) {
		try {
			const decoded = await readAtMost(
				new Blob([raw]).stream().pipeThrough(new DecompressionStream(format)),
				limits.maxDecodedBytes,
			);
			if (!decoded) return { ok: false, status: 413, detail: "decompressed body exceeded the size limit" };
			bytes = decoded;
		} catch {
			return { ok: false, status: 400, detail: `invalid ${encoding} body` };
		}
	} else if (bytes.byteLength > limits.maxDecodedBytes) {
		return { ok: false, status: 413, detail: "request body exceeded the size limit" };
	}
	if (bytes.byteLength === 0) return { ok: false, status: 400, detail: "empty request body" };
	return { ok: true, bytes };
}
