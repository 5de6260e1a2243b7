/**
 * HMAC signing of cross-silo HTTP calls (Sentry signs RPC bodies with RPC_SHARED_SECRET). The
 * signature covers a timestamp, the path and the body; requests older than five minutes are refused.
 */
import { hmacSha256Hex, timingSafeEqual } from "../crypto";

export const RPC_SIGNATURE_HEADER = "x-faultline-rpc-signature";
export const RPC_TIMESTAMP_HEADER = "x-faultline-rpc-timestamp";
const MAX_SKEW_MS = 5 * 60 * 1000;

function signedMessage(timestamp: string, path: string, body: string): string {
	return `${timestamp}\n${path}\n${body}`;
}

export async function signRpcRequest(secret: string, path: string, body: string, now = Date.now()) {
	const timestamp = String(now);
	return {
		[RPC_TIMESTAMP_HEADER]: timestamp,
		[RPC_SIGNATURE_HEADER]: `rpc0:${await hmacSha256Hex(secret, signedMessage(timestamp, path, body))}`,
	};
}

export async function verifyRpcRequest(
	secret: string,
	path: string,
	body: string,
	headers: { timestamp: string | undefined; signature: string | undefined },
	now = Date.now(),
): Promise<boolean> {
	const { timestamp, signature } = headers;
	if (!timestamp || !signature?.startsWith("rpc0:")) return false;
	if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > MAX_SKEW_MS) return false;
	const expected = `rpc0:${await hmacSha256Hex(secret, signedMessage(timestamp, path, body))}`;
	return timingSafeEqual(expected, signature);
}
