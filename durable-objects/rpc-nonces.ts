/**
 * The nonces of signed cross-silo calls a worker accepted (workers/lib/rpc/signing.ts), each kept
 * until its signature expires, so a replay within those five minutes is refused. The receiver
 * spreads nonces over a few objects by their first hex digit; an alarm prunes expired ones.
 */
import { DurableObject } from "cloudflare:workers";

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
		if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(expiresAt);
		return true;
	}

	override async alarm(): Promise<void> {
		this.ctx.storage.sql.exec("DELETE FROM nonces WHERE expires_at <= ?", Date.now());
		const next = this.ctx.storage.sql
			.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM nonces")
			.toArray()[0]?.at;
		if (next) await this.ctx.storage.setAlarm(next);
	}
}
