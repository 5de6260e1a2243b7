/** Serves one RPC service over signed HTTP, for callers in another deployment. */
import { Hono } from "hono";
import { ApiError } from "../errors";
import { type SettingsVars, settingsOf } from "../settings";
import { type RpcContract, type RpcImplementation, serveRpc } from "./contract";
import { RPC_SIGNATURE_HEADER, RPC_TIMESTAMP_HEADER, verifyRpcRequest } from "./signing";
import { type RpcService, rpcPath } from "./transports";

export function rpcRoutes<E extends SettingsVars, C extends RpcContract>(
	service: RpcService,
	contract: C,
	implementationFor: (env: E) => RpcImplementation<C>,
) {
	return new Hono<{ Bindings: E }>().post(rpcPath(service, ":method"), async (c) => {
		const secret = settingsOf(c.env).rpcSharedSecret;
		const body = await c.req.text();
		const signed =
			secret !== undefined &&
			(await verifyRpcRequest(secret, new URL(c.req.url).pathname, body, {
				timestamp: c.req.header(RPC_TIMESTAMP_HEADER),
				signature: c.req.header(RPC_SIGNATURE_HEADER),
			}));
		if (!signed) throw new ApiError(401, "invalid RPC signature");
		let input: unknown;
		try {
			input = JSON.parse(body);
		} catch {
			throw new ApiError(400, "RPC body is not JSON");
		}
		return c.json(await serveRpc(contract, implementationFor(c.env), c.req.param("method") ?? "", input));
	});
}
