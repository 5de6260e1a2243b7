/**
 * Cross-silo RPC, after Sentry's hybrid-cloud RPC services: each service is a table of methods with
 * zod schemas for input and output. A client is built over a transport (a direct call in MONOLITH,
 * a service binding or an HMAC-signed HTTPS request when split); the server side validates input,
 * calls the implementation and validates output, so both ends agree whatever carries the call.
 */
import type { z } from "zod";
import { ApiError } from "../errors";

export interface RpcMethod<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
	input: I;
	output: O;
}
export type RpcContract = Record<string, RpcMethod>;

export type RpcClient<C extends RpcContract> = {
	[M in keyof C]: (input: z.input<C[M]["input"]>) => Promise<z.output<C[M]["output"]>>;
};
export type RpcImplementation<C extends RpcContract> = {
	[M in keyof C]: (input: z.output<C[M]["input"]>) => Promise<z.input<C[M]["output"]>>;
};

/** Carries one call to the other silo and returns its raw (unvalidated) result. */
export type RpcTransport = (method: string, input: unknown) => Promise<unknown>;

export class RpcError extends Error {
	override readonly name = "RpcError";
}

export function rpcClient<C extends RpcContract>(contract: C, transport: RpcTransport): RpcClient<C> {
	const client: Record<string, (input: unknown) => Promise<unknown>> = {};
	for (const [method, { input, output }] of Object.entries(contract)) {
		client[method] = async (raw) => output.parse(await transport(method, input.parse(raw)));
	}
	return client as RpcClient<C>;
}

/** Runs one call on the serving side: unknown methods and bad input are the caller's fault (400). */
export async function serveRpc<C extends RpcContract>(
	contract: C,
	implementation: RpcImplementation<C>,
	method: string,
	rawInput: unknown,
): Promise<unknown> {
	const spec = Object.hasOwn(contract, method) ? contract[method] : undefined;
	if (!spec) throw new ApiError(400, `unknown RPC method "${method}"`);
	const parsed = spec.input.safeParse(rawInput);
	if (!parsed.success) throw new ApiError(400, `invalid input for RPC method "${method}": ${parsed.error.message}`);
	const handler = implementation[method as keyof C] as (input: unknown) => Promise<unknown>;
	return spec.output.parse(await handler(parsed.data));
}

/** The direct transport used in MONOLITH: the same validation, no network. */
export function directTransport<C extends RpcContract>(
	contract: C,
	implementation: RpcImplementation<C>,
): RpcTransport {
	return (method, input) => serveRpc(contract, implementation, method, structuredClone(input));
}
