/**
 * What a cross-silo signature covers (workers/lib/rpc/signing.ts): changing any signed part, the
 * secret, or the audience makes it fail; a stale timestamp fails; a nonce is accepted once.
 */
import { describe, it } from "vitest";
import { sha256Hex } from "../../../workers/lib/crypto";
import {
	type NonceLedger,
	RPC_CONTENT_SHA256_HEADER,
	RPC_NONCE_HEADER,
	RPC_TIMESTAMP_HEADER,
	type SignedRequest,
	signRequest,
	verifySignedRequest,
} from "../../../workers/lib/rpc/signing";

const SECRET = "s".repeat(32);
const BODY = '{"organizationId":1}';
const REQUEST: SignedRequest = {
	audience: "region:us",
	method: "POST",
	url: new URL("https://us.faultline.example/api/0/internal/rpc/region/ensureProject/?a=1"),
};

/** A ledger that remembers nonces in memory (the workers use RpcNonces Durable Objects). */
function memoryLedger(): NonceLedger {
	const seen = new Set<string>();
	return {
		async claim(nonce) {
			if (seen.has(nonce)) return false;
			seen.add(nonce);
			return true;
		},
	};
}

async function signed(request = REQUEST, now = Date.now()) {
	return new Headers(await signRequest(SECRET, request, await sha256Hex(BODY), now));
}

describe("RPC request signing", () => {
	it("verifies a request signed with the shared secret and vouches for its body's hash", async ({ expect }) => {
		expect(await verifySignedRequest(SECRET, REQUEST, await signed(), memoryLedger())).toBe(await sha256Hex(BODY));
	});

	it("refuses another secret, audience, method, path, query, identity or body hash", async ({ expect }) => {
		const headers = await signed();
		const changed: [string, SignedRequest | string][] = [
			["secret", "t".repeat(32)],
			["audience", { ...REQUEST, audience: "region:de" }],
			["method", { ...REQUEST, method: "PUT" }],
			["path", { ...REQUEST, url: new URL("https://us.faultline.example/api/0/internal/rpc/region/other/?a=1") }],
			[
				"query",
				{ ...REQUEST, url: new URL("https://us.faultline.example/api/0/internal/rpc/region/ensureProject/?a=2") },
			],
			["identity", { ...REQUEST, identity: '{"userId":1}' }],
		];
		for (const [what, change] of changed) {
			const secret = typeof change === "string" ? change : SECRET;
			const request = typeof change === "string" ? REQUEST : change;
			expect(await verifySignedRequest(secret, request, headers, memoryLedger()), what).toBeUndefined();
		}
		const otherBody = new Headers(headers);
		otherBody.set(RPC_CONTENT_SHA256_HEADER, await sha256Hex('{"organizationId":2}'));
		expect(await verifySignedRequest(SECRET, REQUEST, otherBody, memoryLedger())).toBeUndefined();
	});

	it("refuses a tampered or stale timestamp, and missing headers", async ({ expect }) => {
		const now = Date.now();
		const tampered = await signed(REQUEST, now);
		tampered.set(RPC_TIMESTAMP_HEADER, String(now - 1));
		expect(await verifySignedRequest(SECRET, REQUEST, tampered, memoryLedger(), now)).toBeUndefined();
		const old = await signed(REQUEST, now - 6 * 60 * 1000);
		expect(await verifySignedRequest(SECRET, REQUEST, old, memoryLedger(), now)).toBeUndefined();
		expect(await verifySignedRequest(SECRET, REQUEST, new Headers(), memoryLedger())).toBeUndefined();
	});

	it("accepts each nonce once, and claims it only for a good signature", async ({ expect }) => {
		const ledger = memoryLedger();
		const headers = await signed();
		expect(await verifySignedRequest(SECRET, REQUEST, headers, ledger)).toBeDefined();
		expect(await verifySignedRequest(SECRET, REQUEST, headers, ledger)).toBeUndefined();

		const forged = await signed();
		const claims: string[] = [];
		const watching: NonceLedger = { claim: async (nonce) => claims.push(nonce) > 0 };
		expect(await verifySignedRequest("t".repeat(32), REQUEST, forged, watching)).toBeUndefined();
		expect(claims).toEqual([]);
		expect(forged.get(RPC_NONCE_HEADER)).toMatch(/^[0-9a-f]{32}$/);
	});
});
