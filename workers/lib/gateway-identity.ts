/**
 * What the control silo's API gateway tells a region about the caller it forwards: who the user is,
 * their scopes (already narrowed to their role), and their role in the organization the request is for. Signed with RPC_SHARED_SECRET
 * over the method and path, so a region can trust it without asking control, and a client cannot
 * forge or replay it on another route.
 */
import { z } from "zod";
import { RPC_SIGNATURE_HEADER, RPC_TIMESTAMP_HEADER, signRpcRequest, verifyRpcRequest } from "./rpc/signing";
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

const signedScope = (method: string, path: string) => `gateway:${method.toUpperCase()} ${path}`;

export async function gatewayIdentityHeaders(
	secret: string,
	identity: GatewayIdentity,
	method: string,
	path: string,
	now = Date.now(),
): Promise<Record<string, string>> {
	const encoded = JSON.stringify(identity);
	return {
		[GATEWAY_IDENTITY_HEADER]: encoded,
		...(await signRpcRequest(secret, signedScope(method, path), encoded, now)),
	};
}

/** The identity on a request forwarded by the gateway, or undefined if absent or not signed right. */
export async function verifiedGatewayIdentity(
	secret: string,
	headers: Headers,
	method: string,
	path: string,
	now = Date.now(),
): Promise<GatewayIdentity | undefined> {
	const encoded = headers.get(GATEWAY_IDENTITY_HEADER);
	if (!encoded) return undefined;
	const signed = await verifyRpcRequest(
		secret,
		signedScope(method, path),
		encoded,
		{
			timestamp: headers.get(RPC_TIMESTAMP_HEADER) ?? undefined,
			signature: headers.get(RPC_SIGNATURE_HEADER) ?? undefined,
		},
		now,
	);
	if (!signed) return undefined;
	try {
		return GatewayIdentity.parse(JSON.parse(encoded));
	} catch {
		return undefined;
	}
}

/** Headers a client may never set itself: the gateway removes them before adding its own. */
export const GATEWAY_HEADERS = [GATEWAY_IDENTITY_HEADER, RPC_TIMESTAMP_HEADER, RPC_SIGNATURE_HEADER];
