/**
 * R2 segments: the logs of one project from one ingest batch, oldest first, one JSON object per
 * line, gzip-compressed. Written once, read whole, deleted by retention with their index row.
 */
import { LEVELS, type Level } from "./levels";
import type { StoredLog } from "./normalize";

export const SEGMENT_CONTENT_TYPE = "application/x-ndjson";

export function segmentKey(organizationId: number, projectId: number, startUs: number, batchId: string): string {
	const hour = new Date(Math.floor(startUs / 1000)).toISOString().slice(0, 13);
	return `logs/${organizationId}/${projectId}/${hour}/${startUs}-${batchId}.ndjson.gz`;
}

export function levelMask(levels: Iterable<Level>): number {
	let mask = 0;
	for (const level of levels) mask |= 1 << LEVELS.indexOf(level);
	return mask;
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
	const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function encodeSegment(logs: StoredLog[]): Promise<Uint8Array> {
	const lines = logs.map((log) => `${JSON.stringify(log)}\n`).join("");
	return pipe(new TextEncoder().encode(lines), new CompressionStream("gzip"));
}

export async function decodeSegment(bytes: Uint8Array): Promise<StoredLog[]> {
	const text = new TextDecoder().decode(await pipe(bytes, new DecompressionStream("gzip")));
	return text
		.split("\n")
		.filter((line) => line !== "")
		.map((line) => JSON.parse(line) as StoredLog);
}
