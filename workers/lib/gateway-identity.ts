/**
 * What the control silo's API gateway tells a region about the caller it forwards: who the user is,
 * their scopes (already narrowed to their role), and their role in the organization the request is
 * for. Over a service binding the header is taken as it comes (only control is bound to the region's
 * RegionRpc entrypoint); over HTTPS it is signed together with the whole request (method, path,
 * query, body, target region: workers/lib/rpc/signing.ts) and its nonce is claimed, so a client can
 * neither forge it, nor move it to another request or region, nor replay it.
 */
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { toHex } from "./crypto";
import { ApiError } from "./errors";
import type { RpcTrust } from "./rpc/http";
import { RPC_SIGNING_HEADERS, verifySignedRequest } from "./rpc/signing";
import { ROLES } from "./scopes";

export const GATEWAY_IDENTITY_HEADER = "x-faultline-gateway-identity";

export const GatewayIdentity = z.object({
	userId: z.number().int(),
	email: z.string(),
	name: z.string(),
	scopes: z.array(z.string()),
	organizationId: z.number().int(),
	role: z.enum(ROLES),
});
export type GatewayIdentity = z.infer<typeof GatewayIdentity>;

/** Headers a client may never set itself: the gateway removes them before adding its own. */
export const GATEWAY_HEADERS = [GATEWAY_IDENTITY_HEADER, ...RPC_SIGNING_HEADERS];

export type GatewayIdentityVariables = { gatewayIdentity?: GatewayIdentity };

function parsedIdentity(encoded: string): GatewayIdentity {
	try {
		return GatewayIdentity.parse(JSON.parse(encoded));
	} catch {
		throw new ApiError(400, "malformed gateway identity");
	}
}

/** Passes the body on as it is read, and fails the read at its end unless it hashes to `expected`. */
function bodyHashing(expected: string): TransformStream<Uint8Array, Uint8Array> {
	const digest = new crypto.DigestStream("SHA-256");
	const writer = digest.getWriter();
	return new TransformStream({
		async transform(chunk, controller) {
			await writer.write(chunk);
			controller.enqueue(chunk);
		},
		async flush() {
			await writer.close();
			if (toHex(await digest.digest) !== expected)
				throw new ApiError(401, "the request body is not the one the gateway signed");
		},
	});
}

/** SHA-256 of no bytes: what a request without a body is signed with. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * The region's public HTTP entry: an identity header must carry the gateway's signature of this
 * very request for this region, with a nonce not seen before. The body is checked as the route
 * reads it (no copy is kept), so a route never acts on a body the gateway did not sign.
 */
export const signedGatewayIdentity = <E extends object>(trustOf: (env: E) => RpcTrust) =>
	createMiddleware<{ Bindings: E; Variables: GatewayIdentityVariables }>(async (c, next) => {
		const encoded = c.req.header(GATEWAY_IDENTITY_HEADER);
		if (encoded === undefined) return next();
		const { secret, audience, nonces } = trustOf(c.env);
		const request = { audience, method: c.req.method, url: new URL(c.req.url), identity: encoded };
		const contentSha256 = secret && (await verifySignedRequest(secret, request, c.req.raw.headers, nonces));
		if (!contentSha256) throw new ApiError(401, "invalid gateway signature");
		const identity = parsedIdentity(encoded);
		if (c.req.raw.body) {
			c.req.raw = new Request(c.req.raw, { body: c.req.raw.body.pipeThrough(bodyHashing(contentSha256)) });
		} else if (contentSha256 !== EMPTY_BODY_SHA256) {
			throw new ApiError(401, "the request body is not the one the gateway signed");
		}
		c.set("gatewayIdentity", identity);
		return next();
	});

/** The region's RegionRpc entrypoint: only the control worker is bound to it, so the header is the gateway's. */
export const boundGatewayIdentity = createMiddleware<{ Variables: GatewayIdentityVariables }>(async (c, next) => {
	const encoded = c.req.header(GATEWAY_IDENTITY_HEADER);
	if (encoded !== undefined) c.set("gatewayIdentity", parsedIdentity(encoded));
	return next();
});
