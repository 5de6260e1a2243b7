/**
 * Upload chunks (`chunks/<org>/<sha1>` in R2) and the limits of the chunk-upload protocol. Every
 * size and count a client chooses is bounded before the work it would cost: a request's body, its
 * number of chunks, each chunk once decompressed (checked while inflating), and a file's total size
 * before its chunks are read back. Files are assembled in the worker's memory (128 MB).
 */
import { readAtMost } from "../../lib/streams";

const MB = 1024 * 1024;
export const MAX_FILE_SIZE = 40 * MB;
export const CHUNK_SIZE = 8 * MB;
export const MAX_REQUEST_SIZE = 32 * MB;
export const CHUNKS_PER_REQUEST = 4;
/** A file of MAX_FILE_SIZE is five chunks of CHUNK_SIZE; smaller chunks are allowed up to this many. */
export const MAX_CHUNKS_PER_FILE = 64;

export const chunkKey = (organizationId: number, checksum: string) => `chunks/${organizationId}/${checksum}`;

/** A gzip chunk inflated, stopped as soon as it passes CHUNK_SIZE ("too large"); "invalid" if it is not gzip. */
export async function gunzippedChunk(bytes: Uint8Array): Promise<Uint8Array | "too large" | "invalid"> {
	try {
		const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
		return (await readAtMost(inflated, CHUNK_SIZE)) ?? "too large";
	} catch {
		return "invalid";
	}
}

/** The stored size of each chunk, undefined for one not uploaded (yet). */
export async function chunkSizes(bucket: R2Bucket, organizationId: number, chunks: string[]) {
	const heads = await Promise.all([...new Set(chunks)].map((chunk) => bucket.head(chunkKey(organizationId, chunk))));
	const sizeOf = new Map([...new Set(chunks)].map((chunk, index) => [chunk, heads[index]?.size]));
	return chunks.map((chunk) => sizeOf.get(chunk));
}

export async function assembledBytes(bucket: R2Bucket, organizationId: number, chunks: string[]): Promise<Uint8Array> {
	const parts = await Promise.all(
		chunks.map(
			async (chunk) => (await bucket.get(chunkKey(organizationId, chunk)))?.arrayBuffer() ?? new ArrayBuffer(0),
		),
	);
	return new Uint8Array(await new Blob(parts).arrayBuffer());
}
