/** Serves one RPC service over signed HTTP, for callers in another deployment. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sha256Hex } from "../crypto";
import { ApiError } from "../errors";
import type { RpcContract, RpcImplementation } from "./contract";
import { serveRpc } from "./contract";
import type { NonceLedger } from "./signing";
import { verifySignedRequest } from "./signing";
import { type RpcService, rpcPath } from "./transports";

/** RPC bodies are small (an outbox message, a key): anything larger is refused before it is read. */
export const RPC_MAX_BODY_BYTES = 1024 * 1024;

/** Whom a worker serves a service as: the secret callers sign with, its own name, its nonce ledger. */
export interface RpcTrust {
	secret: string | undefined;
	audience: string;
	nonces: NonceLedger;
}

const refused = () => new ApiError(401, "invalid RPC signature");

export function rpcRoutes<E extends object, C extends RpcContract>(
	service: RpcService,
	contract: C,
	implementationFor: (env: E) => RpcImplementation<C>,
	trustOf: (env: E) => RpcTrust,
) {
	return new Hono<{ Bindings: E }>().post(
		rpcPath(service, ":method"),
		bodyLimit({
			maxSize: RPC_MAX_BODY_BYTES,
			onError: () => {
				throw new ApiError(413, "RPC body exceeded the size limit");
			},
		}),
		async (c) => {
			const env = c.env as E;
			const { secret, audience, nonces } = trustOf(env);
			if (!secret) throw refused();
			const signed = { audience, method: c.req.method, url: new URL(c.req.url) };
			const contentSha256 = await verifySignedRequest(secret, signed, c.req.raw.headers, nonces);
			if (!contentSha256) throw refused();
			const body = await c.req.text();
			if ((await sha256Hex(body)) !== contentSha256) throw refused();
			let input: unknown;
			try {
				input = JSON.parse(body);
			} catch {
				throw new ApiError(400, "RPC body is not JSON");
			}
			return c.json(await serveRpc(contract, implementationFor(env), c.req.param("method") ?? "", input));
		},
	);
}
