/** The split-mode transports: a service binding (few regions) or a signed HTTPS request (many). */
import { RpcError, type RpcTransport } from "./contract";
import { signRpcRequest } from "./signing";

export type RpcService = "region" | "control";

export const rpcPath = (service: RpcService, method: string) => `/api/0/internal/rpc/${service}/${method}/`;

/** What a worker that serves RPC exposes on its entrypoint for service-binding callers. */
export interface RpcEntrypoint {
	rpc(method: string, input: unknown): Promise<unknown>;
}

export function bindingTransport(binding: RpcEntrypoint): RpcTransport {
	return (method, input) => binding.rpc(method, input);
}

export function httpTransport(options: {
	service: RpcService;
	address: string;
	secret: string;
	/** How to send the request; the global fetch unless given (tests pass the worker's own fetch). */
	send?: (request: Request) => Promise<Response>;
	timeoutMs?: number;
}): RpcTransport {
	const send = options.send ?? ((request: Request) => fetch(request));
	return async (method, input) => {
		const path = rpcPath(options.service, method);
		const body = JSON.stringify(input);
		const response = await send(
			new Request(new URL(path, options.address), {
				method: "POST",
				headers: { "content-type": "application/json", ...(await signRpcRequest(options.secret, path, body)) },
				body,
				signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
			}),
		);
		const text = await response.text();
		if (!response.ok) throw new RpcError(`${options.service}.${method} failed with ${response.status}: ${text}`);
		return JSON.parse(text) as unknown;
	};
}
