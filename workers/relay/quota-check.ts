/**
 * The relay's side of quotas: items are counted against budgets leased from the organization's
 * QuotaCounter (about one call per LEASE_SIZE accepted items), and "limited until" answers are
 * remembered, so traffic known to be over quota is refused with no call at all. Concurrent requests
 * of one isolate share one lease call. `limit: 0` never calls.
 *
 * An envelope is checked as Relay's EnvelopeLimiter checks it: its event first (an event-creating
 * attachment such as a minidump counts as an error), and if the event is limited everything that
 * belongs to it goes too; then its attachments at once, in bytes (event-creating ones are kept when
 * only the attachment quota is hit); then every other category at once with its item count (logs by
 * the logs their containers hold, then by their bytes). Client
 * reports and items of unknown types are never limited.
 *
 * A QuotaCounter that errors or does not answer within QUOTA_CALL_TIMEOUT_MS fails open, as Relay
 * does when its quota backend (Redis) is unavailable: the items are accepted rather than lost, and
 * the next request tries the counter again.
 */
import type { QuotaCounter } from "../../durable-objects/quota-counter";
import type { EnvelopeItem } from "../lib/envelope";
import { categoryOfItem, type DataCategory, logCountOf, quantityOfItem } from "../lib/outcomes";
import {
	counterKey,
	enforceableQuotas,
	type Quota,
	type QuotaScope,
	quotaApplies,
	type RateLimit,
	windowOf,
} from "../lib/quotas";
import { withTimeout } from "../lib/timeout";

/** Items leased per call: 50 keeps calls at about 20 per 1000 accepted items. */
export const LEASE_SIZE = 50;
/** How long a lease call may take before the relay stops waiting and fails open. */
export const QUOTA_CALL_TIMEOUT_MS = 2_000;
/** Relay's answer for reject-all quotas. */
const REJECT_ALL_SECONDS = 60;

const EVENT_TYPES: ReadonlySet<string> = new Set([
	"event",
	"transaction",
	"security",
	"raw_security",
	"unreal_report",
	"feedback",
]);
/** Attachments that make an event (Relay's `Item::creates_event`). */
const EVENT_ATTACHMENT_TYPES: ReadonlySet<string> = new Set([
	"event.payload",
	"event.breadcrumbs",
	"event.minidump",
	"event.applecrashreport",
	"unreal.context",
	"unreal.logs",
]);

const isAttachment = (item: EnvelopeItem) => item.headers.type === "attachment";
const createsEvent = (item: EnvelopeItem) =>
	EVENT_TYPES.has(item.headers.type) ||
	(isAttachment(item) && EVENT_ATTACHMENT_TYPES.has(String(item.headers.attachment_type)));
/** What goes when the event goes: the event itself and its attachments. */
const belongsToEvent = (item: EnvelopeItem) => EVENT_TYPES.has(item.headers.type) || isAttachment(item);

export interface QuotaResult {
	accepted: EnvelopeItem[];
	limited: { item: EnvelopeItem; limit: RateLimit }[];
}

export interface QuotaDeps {
	namespace: DurableObjectNamespace<QuotaCounter>;
	now?: number;
	timeoutMs?: number;
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

/** Whether a lease call succeeded; a failed one is logged, and its items fail open. */
function succeeded(call: Promise<void>): Promise<boolean> {
	return call.then(
		() => true,
		(error) => {
			console.error("QuotaCounter unavailable; failing open", error);
			return false;
		},
	);
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
		const enforced = enforceableQuotas(quotas);
		const limits = new Map<EnvelopeItem, RateLimit>();
		const limitOf = (category: DataCategory, quantity: number) =>
			this.limitOf(category, quantity, enforced, scope, deps, now);
		const limitAll = (limited: EnvelopeItem[], limit: RateLimit | undefined) => {
			if (limit) for (const item of limited) limits.set(item, limit);
		};

		const eventItem = items.find((item) => EVENT_TYPES.has(item.headers.type)) ?? items.find(createsEvent);
		if (eventItem) {
			const category = isAttachment(eventItem) ? "error" : (categoryOfItem(eventItem.headers.type) as DataCategory);
			limitAll(items.filter(belongsToEvent), await limitOf(category, 1));
		}
		const attachments = items.filter((item) => isAttachment(item) && !limits.has(item));
		if (attachments.length) {
			const bytes = attachments.reduce((sum, item) => sum + quantityOfItem("attachment", item.payload), 0);
			limitAll(
				attachments.filter((item) => !createsEvent(item)),
				await limitOf("attachment", bytes),
			);
		}
		const others = new Map<DataCategory, EnvelopeItem[]>();
		for (const item of items) {
			const category = categoryOfItem(item.headers.type);
			// Items of unknown types ("default") are never limited: Relay keeps them.
			if (!category || category === "default" || belongsToEvent(item)) continue;
			others.set(category, [...(others.get(category) ?? []), item]);
		}
		for (const [category, group] of others) {
			if (category !== "log_item") {
				limitAll(group, await limitOf(category, group.length));
				continue;
			}
			// Logs count their logs and their bytes; either limit drops them all (Relay's LogsProcessor).
			const logs = group.reduce((sum, item) => sum + logCountOf(item.headers), 0);
			const bytes = group.reduce((sum, item) => sum + item.payload.byteLength, 0);
			limitAll(group, (await limitOf("log_item", logs)) ?? (await limitOf("log_byte", bytes)));
		}

		return {
			accepted: items.filter((item) => !limits.has(item)),
			limited: items.flatMap((item) => {
				const limit = limits.get(item);
				return limit ? [{ item, limit }] : [];
			}),
		};
	}

	/** Counts `quantity` of a category against every quota it is subject to; the limit hit, if any. */
	private async limitOf(
		category: DataCategory,
		quantity: number,
		quotas: Quota[],
		scope: QuotaScope,
		deps: QuotaDeps,
		now: number,
	): Promise<RateLimit | undefined> {
		const applicable = quotas.filter((quota) => quotaApplies(quota, category, scope));
		const rejectAll = applicable.find((quota) => quota.limit === 0);
		if (rejectAll) return rateLimit(rejectAll, REJECT_ALL_SECONDS * 1000);
		if (!applicable.length) return undefined;
		const counters: Counter[] = applicable.map((quota) => {
			const { slot, endsAt } = windowOf(now, quota.window as number, scope.organizationId);
			return { quota, key: counterKey(quota, scope, slot), limit: quota.limit as number, endsAt };
		});
		const exhausted = await this.take(counters, quantity, scope, deps, now);
		return exhausted && rateLimit(exhausted.quota, exhausted.endsAt - now);
	}

	/** Takes `quantity` from the budget, leasing more when it is short; the exhausted counter if none is left. */
	private async take(
		counters: Counter[],
		quantity: number,
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
			const remaining = budget && budget.endsAt > now ? budget.remaining : 0;
			if (budget && remaining >= quantity) {
				budget.remaining -= quantity;
				return undefined;
			}
			const pending = this.inflight.get(budgetKey);
			if (pending) {
				if (!(await succeeded(pending))) return undefined;
				continue;
			}
			const call = this.lease(budgetKey, counters, quantity - remaining, scope, deps).finally(() =>
				this.inflight.delete(budgetKey),
			);
			this.inflight.set(budgetKey, call);
			if (!(await succeeded(call))) return undefined;
		}
	}

	private async lease(
		budgetKey: string,
		counters: Counter[],
		needed: number,
		scope: QuotaScope,
		deps: QuotaDeps,
	): Promise<void> {
		this.calls++;
		const stub = deps.namespace.get(deps.namespace.idFromName(`org:${scope.organizationId}`));
		const answer = await withTimeout(
			stub.lease({
				counters: counters.map(({ key, limit, endsAt }) => ({ key, limit, endsAt })),
				needed,
				wanted: needed * LEASE_SIZE,
			}),
			deps.timeoutMs ?? QUOTA_CALL_TIMEOUT_MS,
			"QuotaCounter lease",
		);
		if (answer.granted > 0) {
			const endsAt = Math.min(...counters.map((counter) => counter.endsAt));
			const budget = this.budgets.get(budgetKey);
			const left = budget && budget.endsAt === endsAt ? budget.remaining : 0;
			this.budgets.set(budgetKey, { remaining: left + answer.granted, endsAt });
			return;
		}
		const exhausted = counters.find((counter) => counter.key === answer.exhausted) ?? (counters[0] as Counter);
		this.limitedUntil.set(exhausted.key, exhausted.endsAt);
	}
}

/** The leases of this isolate. */
export const isolateQuotaLeases = new QuotaLeases();
