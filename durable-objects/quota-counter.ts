/**
 * One Durable Object per organization counts its quotas (Relay keeps these counters in Redis).
 * `lease` checks and increments every quota an item set is subject to at once — all or nothing —
 * and hands the caller a budget of up to `wanted` items to spend on its own, counted as used at
 * once, so the sum of all budgets never exceeds a limit. Old windows are pruned by an alarm.
 */
import { DurableObject } from "cloudflare:workers";
import { deleteExpired, expireBy } from "./expiry";

export interface LeaseCounter {
	key: string;
	limit: number;
	/** When this counter's window ends (ms), after which it is pruned. */
	endsAt: number;
}

export interface LeaseRequest {
	counters: LeaseCounter[];
	/** The least that is of use (the quantity of the items at hand); less than this is no grant. */
	needed?: number;
	wanted: number;
}

/** `granted` items may be accepted; 0 means the counter `exhausted` cannot grant `needed` in its window. */
export interface LeaseAnswer {
	granted: number;
	exhausted?: string;
}

/** Never lease more than this share of what is left (unless needed), so that other isolates get some too. */
const SHARE_OF_REMAINING = 4;

export class QuotaCounter extends DurableObject {
	constructor(ctx: DurableObjectState, env: unknown) {
		super(ctx, env as never);
		ctx.storage.sql.exec(
			"CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, used INTEGER NOT NULL, ends_at INTEGER NOT NULL)",
		);
	}

	lease(request: LeaseRequest): LeaseAnswer {
		const needed = Math.max(1, Math.floor(request.needed ?? 1));
		let granted = Math.max(needed, Math.floor(request.wanted));
		for (const counter of request.counters) {
			const remaining = counter.limit - this.used(counter.key);
			// As Relay's script: rejected when used + quantity would pass the limit, and then nothing is counted.
			if (remaining < needed) return { granted: 0, exhausted: counter.key };
			granted = Math.min(granted, remaining, Math.max(needed, Math.floor(remaining / SHARE_OF_REMAINING)));
		}
		for (const counter of request.counters) {
			this.ctx.storage.sql.exec(
				"INSERT INTO counters (key, used, ends_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET used = used + excluded.used",
				counter.key,
				granted,
				counter.endsAt,
			);
		}
		if (request.counters.length)
			void expireBy(this.ctx.storage, Math.max(...request.counters.map((counter) => counter.endsAt)));
		return { granted };
	}

	used(key: string): number {
		const row = this.ctx.storage.sql
			.exec<{ used: number }>("SELECT used FROM counters WHERE key = ?", key)
			.toArray()[0];
		return row?.used ?? 0;
	}

	override async alarm(): Promise<void> {
		await deleteExpired(this.ctx.storage, "counters", "ends_at");
	}
}
