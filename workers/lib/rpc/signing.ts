/**
 * HMAC signing of cross-silo HTTP calls (Sentry signs its RPC with RPC_SHARED_SECRET). One signature
 * covers who the call is for (a region's name, or `control`), the method, the path and query, the
 * SHA-256 of the body, the gateway identity it carries (if any), a timestamp and a random nonce. A
 * receiver refuses a call meant for someone else, one older than five minutes (either way), and one
 * whose nonce it has already seen: a captured request can be neither altered nor replayed.
 * Service-binding calls are not signed: the platform lets only the workers bound to them call.
 */
import { hmacSha256Hex, randomHex, timingSafeEqual } from "../crypto";

export const RPC_SIGNATURE_HEADER = "x-faultline-rpc-signature";
export const RPC_TIMESTAMP_HEADER = "x-faultline-rpc-timestamp";
export const RPC_NONCE_HEADER = "x-faultline-rpc-nonce";
export const RPC_CONTENT_SHA256_HEADER = "x-faultline-rpc-content-sha256";
/** Every header a signature is made of: a gateway removes them from what clients send. */
export const RPC_SIGNING_HEADERS = [
	RPC_SIGNATURE_HEADER,
	RPC_TIMESTAMP_HEADER,
	RPC_NONCE_HEADER,
	RPC_CONTENT_SHA256_HEADER,
];

/** How far a timestamp may be from the receiver's clock; a nonce is remembered that long after it. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;
const SIGNATURE_PREFIX = "rpc1:";

export interface SignedRequest {
	/** Who the request is for: the region's name, or `control`. */
	audience: string;
	method: string;
	/** The request's URL: its path and query are signed. */
	url: URL;
	/** The gateway identity it carries (workers/lib/gateway-identity.ts), if any. */
	identity?: string;
}

/** Remembers the nonces of accepted signatures until they expire; `claim` is false for one seen before. */
export interface NonceLedger {
	claim(nonce: string, expiresAt: number): Promise<boolean>;
}

function signedMessage(request: SignedRequest, contentSha256: string, timestamp: string, nonce: string): string {
	return [
		"faultline-rpc-v1",
		request.audience,
		request.method.toUpperCase(),
		request.url.pathname,
		request.url.search,
		contentSha256,
		request.identity ?? "",
		timestamp,
		nonce,
	].join("\n");
}

/** The headers that sign `request`, whose body has SHA-256 `contentSha256`. */
export async function signRequest(secret: string, request: SignedRequest, contentSha256: string, now = Date.now()) {
	const timestamp = String(now);
	const nonce = randomHex(16);
	const signature = await hmacSha256Hex(secret, signedMessage(request, contentSha256, timestamp, nonce));
	return {
		[RPC_TIMESTAMP_HEADER]: timestamp,
		[RPC_NONCE_HEADER]: nonce,
		[RPC_CONTENT_SHA256_HEADER]: contentSha256,
		[RPC_SIGNATURE_HEADER]: `${SIGNATURE_PREFIX}${signature}`,
	};
}

/**
 * Checks the signature headers of `request` and claims its nonce. The answer is the body's SHA-256
 * the signature vouches for, which the receiver must compare with the body it reads; undefined when
 * the request is not signed right, is stale, or is a replay.
 */
export async function verifySignedRequest(
	secret: string,
	request: SignedRequest,
	headers: Headers,
	nonces: NonceLedger,
	now = Date.now(),
): Promise<string | undefined> {
	const timestamp = headers.get(RPC_TIMESTAMP_HEADER) ?? "";
	const nonce = headers.get(RPC_NONCE_HEADER) ?? "";
	const contentSha256 = headers.get(RPC_CONTENT_SHA256_HEADER) ?? "";
	const signature = headers.get(RPC_SIGNATURE_HEADER) ?? "";
	if (!/^\d{1,15}$/.test(timestamp) || !/^[0-9a-f]{32}$/.test(nonce) || !/^[0-9a-f]{64}$/.test(contentSha256))
		return undefined;
	if (Math.abs(now - Number(timestamp)) > SIGNATURE_MAX_AGE_MS) return undefined;
	const expected = `${SIGNATURE_PREFIX}${await hmacSha256Hex(secret, signedMessage(request, contentSha256, timestamp, nonce))}`;
	if (!timingSafeEqual(expected, signature)) return undefined;
	// Claimed only once the signature is known good, so nobody without the secret fills the ledger.
	if (!(await nonces.claim(nonce, Number(timestamp) + SIGNATURE_MAX_AGE_MS))) return undefined;
	return contentSha256;
}
