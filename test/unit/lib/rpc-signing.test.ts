import { describe, it } from "vitest";
import {
	RPC_SIGNATURE_HEADER,
	RPC_TIMESTAMP_HEADER,
	signRpcRequest,
	verifyRpcRequest,
} from "../../../workers/lib/rpc/signing";

const SECRET = "s".repeat(32);
const PATH = "/api/0/internal/rpc/region/ensureProject/";
const BODY = '{"organizationId":1}';

async function signed(now = Date.now()) {
	const headers = await signRpcRequest(SECRET, PATH, BODY, now);
	return { timestamp: headers[RPC_TIMESTAMP_HEADER], signature: headers[RPC_SIGNATURE_HEADER] };
}

describe("RPC request signing", () => {
	it("verifies a request signed with the shared secret", async ({ expect }) => {
		expect(await verifyRpcRequest(SECRET, PATH, BODY, await signed())).toBe(true);
	});

	it("refuses another secret, body, path or a tampered timestamp", async ({ expect }) => {
		const now = Date.now();
		const headers = await signed(now);
		expect(await verifyRpcRequest("t".repeat(32), PATH, BODY, headers)).toBe(false);
		expect(await verifyRpcRequest(SECRET, PATH, '{"organizationId":2}', headers)).toBe(false);
		expect(await verifyRpcRequest(SECRET, "/api/0/internal/rpc/region/other/", BODY, headers)).toBe(false);
		expect(await verifyRpcRequest(SECRET, PATH, BODY, { ...headers, timestamp: String(now - 1) }, now)).toBe(false);
	});

	it("refuses requests older than five minutes and missing headers", async ({ expect }) => {
		const old = await signed(Date.now() - 6 * 60 * 1000);
		expect(await verifyRpcRequest(SECRET, PATH, BODY, old)).toBe(false);
		expect(await verifyRpcRequest(SECRET, PATH, BODY, { timestamp: undefined, signature: undefined })).toBe(false);
	});
});
