/**
 * Quotas as Relay counts them (relay-quotas): a quota applies to some data categories (none = all)
 * at organization, project or key scope, allows `limit` items per `window` seconds, and answers with
 * a reason code. Windows are fixed but shifted by `organization id % window`, so organizations do not
 * all reset at once. `limit: 0` rejects without counting; `limit: null` is not enforced.
 */
import { z } from "zod";
import { DATA_CATEGORIES, type DataCategory } from "./outcomes";

export const QuotaSchema = z.object({
	id: z.string().optional(),
	categories: z.array(z.string()).default([]),
	scope: z.enum(["organization", "project", "key"]).default("organization"),
	scopeId: z.string().optional(),
	limit: z.number().int().nonnegative().nullable(),
	window: z.number().int().positive().optional(),
	reasonCode: z.string().optional(),
});
export type Quota = z.infer<typeof QuotaSchema>;

export interface QuotaScope {
	organizationId: number;
	projectId: number;
	keyId: number;
}

/** Sentry's key-level rate limit, as the quota Relay gets for it. */
export function keyRateLimitQuota(keyId: number, count: number, window: number): Quota {
	return {
		id: "k",
		categories: ["default", "error", "security"],
		scope: "key",
		scopeId: String(keyId),
		limit: count,
		window,
		reasonCode: "key_quota",
	};
}

/** Categories counted in bytes (Relay's `CategoryUnit::Bytes`); all others count items. */
const BYTE_CATEGORIES: ReadonlySet<string> = new Set<DataCategory>(["attachment", "log_byte"]);
const KNOWN_CATEGORIES: ReadonlySet<string> = new Set(DATA_CATEGORIES);

/**
 * The quotas Relay enforces, in its order of checks: a quota whose categories are all unknown, or mix
 * units (bytes and items), is invalid (`Quota::is_valid`); `limit: 0` rejects all and needs neither id
 * nor window; any other quota needs both to be counted (`RedisQuota::new`), else Relay skips it; and
 * `limit: null` is never enforced (Relay only counts it for Sentry's usage stats, which Faultline keeps
 * as outcomes), so it is skipped too. Unknown categories next to known ones never match an item.
 */
export function enforceableQuotas(quotas: Quota[]): Quota[] {
	return quotas.filter((quota) => {
		const known = quota.categories.filter((category) => KNOWN_CATEGORIES.has(category));
		if (quota.categories.length > 0 && known.length === 0) return false;
		if (new Set(known.map((category) => BYTE_CATEGORIES.has(category))).size > 1) return false;
		if (quota.limit === 0) return true;
		return quota.limit !== null && quota.id !== undefined && quota.window !== undefined;
	});
}

export function quotaApplies(quota: Quota, category: DataCategory, scope: QuotaScope): boolean {
	if (quota.categories.length && !quota.categories.includes(category)) return false;
	if (quota.scopeId === undefined) return true;
	const id = quota.scope === "key" ? scope.keyId : quota.scope === "project" ? scope.projectId : scope.organizationId;
	return quota.scopeId === String(id);
}

/** The counter a quota uses in a window: Relay's `quota:{id}{{org}}{subscope}:{slot}`. */
export function counterKey(quota: Quota, scope: QuotaScope, slot: number): string {
	const subscope = quota.scope === "key" ? scope.keyId : quota.scope === "project" ? scope.projectId : "";
	return `quota:${quota.id ?? ""}{${scope.organizationId}}${subscope}:${slot}`;
}

/** The window a moment falls in, and when that window ends (ms), shifted per organization. */
export function windowOf(nowMs: number, window: number, organizationId: number) {
	const shift = organizationId % window;
	const slot = Math.floor((Math.floor(nowMs / 1000) - shift) / window);
	return { slot, endsAt: ((slot + 1) * window + shift) * 1000 };
}

export interface RateLimit {
	retryAfter: number;
	categories: string[];
	scope: Quota["scope"];
	reasonCode: string | undefined;
}

/** `X-Sentry-Rate-Limits`: `retry_after:cat1;cat2:scope[:reason_code]`, joined by ", ". */
export function formatRateLimits(limits: RateLimit[]): string {
	return limits
		.map((limit) =>
			[
				String(limit.retryAfter),
				limit.categories.join(";"),
				limit.scope,
				...(limit.reasonCode ? [limit.reasonCode] : []),
			].join(":"),
		)
		.join(", ");
}

export function parseRateLimits(header: string): RateLimit[] {
	return header
		.split(",")
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const [retryAfter, categories = "", scope = "organization", reasonCode] = part.split(":");
			return {
				retryAfter: Math.ceil(Number(retryAfter)),
				categories: categories ? categories.split(";") : [],
				scope: scope as Quota["scope"],
				reasonCode: reasonCode || undefined,
			};
		});
}
