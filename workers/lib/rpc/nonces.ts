/** The nonce ledger of a worker that accepts signed calls: RpcNonces objects, 16 per worker. */
import type { RpcNonces } from "../../../durable-objects/rpc-nonces";
import type { NonceLedger } from "./signing";

export function nonceLedger(namespace: DurableObjectNamespace<RpcNonces> | undefined): NonceLedger {
	return {
		claim(nonce, expiresAt) {
			if (!namespace) throw new Error("RPC_NONCES (the RpcNonces Durable Object) is required to accept signed calls");
			return namespace.get(namespace.idFromName(`nonces-${nonce.slice(0, 1)}`)).claim(nonce, expiresAt);
		},
	};
}
