/**
 * The relay's side of quotas: items are counted against budgets leased from the organization's
 * QuotaCounter (about one call per LEASE_SIZE accepted items), and "limited until" answers are
 * remembered, so traffic known to be over quota is refused with no call at all. Concurrent requests
 * of one isolate share one lease call. `limit: 0` never calls.
 */
import type { QuotaCounter } from "../../durable-objects/quota-counter";
import type { EnvelopeItem } from "../lib/envelope";
import { categoryOfItem } from "../lib/outcomes";
import { counterKey, type Quota, type QuotaScope, quotaApplies, type RateLimit, windowOf } from "../lib/quotas";

/** Items leased per call: 50 keeps calls at about 20 per 1000 accepted items. */
export const LEASE_SIZE = 50;
/** Relay's answer for reject-all quotas. */
const REJECT_ALL_SECONDS = 60;

export interface QuotaResult {
	accepted: EnvelopeItem[];
	limited: { item: EnvelopeItem; limit: RateLimit }[];
}

export interface QuotaDeps {
	namespace: DurableObjectNamespace<QuotaCounter>;
	now?: number;
}

type Counter = { quota: Quota; key: string; limit: number; endsAt: number };

function rateLimit(quota: Quota, retryAfterMs: number): RateLimit {
	return {
		retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)),
		categories: quota.categories,
		scope: quota.scope,
		reasonCode: quota.reasonCode,
	};
}

/** One isolate's leased budgets and remembered limits. */
export class QuotaLeases {
	/** Calls made to QuotaCounter objects, for the benchmark and tests. */
	calls = 0;
	private readonly budgets = new Map<string, { remaining: number; endsAt: number }>();
	private readonly limitedUntil = new Map<string, number>();
	private readonly inflight = new Map<string, Promise<void>>();

	async check(items: EnvelopeItem[], quotas: Quota[], scope: QuotaScope, deps: QuotaDeps): Promise<QuotaResult> {
		const now = deps.now ?? Date.now();
		const result: QuotaResult = { accepted: [], limited: [] };
		for (const item of items) {
			const category = categoryOfItem(item.headers.type);
			const applicable = category
				? quotas.filter((quota) => quota.limit !== null && quotaApplies(quota, category, scope))
				: [];
			const rejectAll = applicable.find((quota) => quota.limit === 0 || quota.window === undefined);
			if (rejectAll) {
				result.limited.push({ item, limit: rateLimit(rejectAll, REJECT_ALL_SECONDS * 1000) });
				continue;
			}
			const counters: Counter[] = applicable.map((quota) => {
				const { slot, endsAt } = windowOf(now, quota.window as number, scope.organizationId);
				return { quota, key: counterKey(quota, scope, slot), limit: quota.limit as number, endsAt };
			});
			const exhausted = counters.length ? await this.take(counters, scope, deps, now) : undefined;
			if (exhausted) result.limited.push({ item, limit: rateLimit(exhausted.quota, exhausted.endsAt - now) });
			else result.accepted.push(item);
		}
		return result;
	}

	/** Takes one item from the budget, leasing more when it is empty; the exhausted counter if none is left. */
	private async take(
		counters: Counter[],
		scope: QuotaScope,
		deps: QuotaDeps,
		now: number,
	): Promise<Counter | undefined> {
		const budgetKey = counters
			.map((counter) => counter.key)
			.sort()
			.join("|");
		for (;;) {
			const known = counters.find((counter) => (this.limitedUntil.get(counter.key) ?? 0) > now);
			if (known) return known;
			const budget = this.budgets.get(budgetKey);
			if (budget && budget.remaining > 0 && budget.endsAt > now) {
				budget.remaining--;
				return undefined;
			}
			const pending = this.inflight.get(budgetKey);
			if (pending) {
				await pending;
				continue;
			}
			const call = this.lease(budgetKey, counters, scope, deps).finally(() => this.inflight.delete(budgetKey));
			this.inflight.set(budgetKey, call);
			await call;
		}
	}

	private async lease(budgetKey: string, counters: Counter[], scope: QuotaScope, deps: QuotaDeps): Promise<void> {
		this.calls++;
		const stub = deps.namespace.get(deps.namespace.idFromName(`org:${scope.organizationId}`));
		const answer = await stub.lease({
			counters: counters.map(({ key, limit, endsAt }) => ({ key, limit, endsAt })),
			wanted: LEASE_SIZE,
		});
		if (answer.granted > 0) {
			const endsAt = Math.min(...counters.map((counter) => counter.endsAt));
			this.budgets.set(budgetKey, { remaining: answer.granted, endsAt });
			return;
		}
		const exhausted = counters.find((counter) => counter.key === answer.exhausted) ?? (counters[0] as Counter);
		this.limitedUntil.set(exhausted.key, exhausted.endsAt);
	}
}

/** The leases of this isolate. */
export const isolateQuotaLeases = new QuotaLeases();
