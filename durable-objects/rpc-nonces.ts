/**
 * The nonces of signed cross-silo calls a worker accepted (workers/lib/rpc/signing.ts), each kept
 * until its signature expires, so a replay within those five minutes is refused. The receiver
 * spreads nonces over a few objects by their first hex digit; an alarm prunes expired ones.
 */
import { DurableObject } from "cloudflare:workers";
import { deleteExpired, expireBy } from "./expiry";

export class RpcNonces extends DurableObject {
	constructor(ctx: DurableObjectState, env: unknown) {
		super(ctx, env as never);
		ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
	}

	/** True the first time a nonce is claimed (until it expires), false for a replay. */
	async claim(nonce: string, expiresAt: number): Promise<boolean> {
		const { rowsWritten } = this.ctx.storage.sql.exec(
			"INSERT INTO nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
			nonce,
			expiresAt,
		);
		if (rowsWritten === 0) return false;
		await expireBy(this.ctx.storage, expiresAt);
		return true;
	}

	override async alarm(): Promise<void> {
		await deleteExpired(this.ctx.storage, "nonces", "expires_at");
	}
}
