import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBody } from "../../../workers/relay/body";

const stream = (bytes: Uint8Array) => new Blob([bytes]).stream() as ReadableStream<Uint8Array>;
const limits = { maxRequestBytes: 1024 * 1024, maxDecodedBytes: 64 * 1024 };
const text = new TextEncoder().encode('{"message":"hi"}');

describe("readBody", () => {
	it.each([
		["gzip", gzipSync(text)],
		["x-gzip", gzipSync(text)],
		["deflate", deflateSync(text)],
		["identity", text],
		[null, text],
	])("decodes Content-Encoding %s", async (encoding, body) => {
		const result = await readBody(stream(new Uint8Array(body)), encoding, limits);
		expect(result.ok && new TextDecoder().decode(result.bytes)).toBe('{"message":"hi"}');
	});

	it("stops a decompression bomb at the limit (413)", async () => {
		const bomb = gzipSync(new Uint8Array(50 * 1024 * 1024));
		expect(bomb.byteLength).toBeLessThan(limits.maxRequestBytes);
		expect(await readBody(stream(new Uint8Array(bomb)), "gzip", limits)).toEqual({
			ok: false,
			status: 413,
			detail: "decompressed body exceeded the size limit",
		});
	});

	it("refuses bodies over the request limit, corrupt gzip, brotli and empty bodies", async () => {
		expect(await readBody(stream(new Uint8Array(2 * 1024 * 1024)), null, limits)).toMatchObject({
			ok: false,
			status: 413,
		});
		expect(await readBody(stream(Uint8Array.from([0x1f, 0x8b, 1, 2, 3])), "gzip", limits)).toMatchObject({
			ok: false,
			status: 400,
		});
		expect(await readBody(stream(text), "br", limits)).toMatchObject({ ok: false, status: 415 });
		expect(await readBody(stream(new Uint8Array()), null, limits)).toEqual({
			ok: false,
			status: 400,
			detail: "empty request body",
		});
	});
});
