import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	counterKey,
	enforceableQuotas,
	formatRateLimits,
	keyRateLimitQuota,
	parseRateLimits,
	quotaApplies,
	windowOf,
} from "../../../workers/lib/quotas";

const scope = { organizationId: 7, projectId: 42, keyId: 3 };

describe("quotas", () => {
	it("shifts fixed windows by organization id, as Relay does", () => {
		const window = 60;
		// org 7: windows start at ...:07 of each minute
		expect(windowOf(Date.UTC(2026, 0, 1, 0, 0, 6), window, 7).endsAt).toBe(Date.UTC(2026, 0, 1, 0, 0, 7));
		expect(windowOf(Date.UTC(2026, 0, 1, 0, 0, 7), window, 7).endsAt).toBe(Date.UTC(2026, 0, 1, 0, 1, 7));
		const a = windowOf(Date.UTC(2026, 0, 1, 0, 0, 30), window, 0);
		const b = windowOf(Date.UTC(2026, 0, 1, 0, 0, 59), window, 0);
		expect(a.slot).toBe(b.slot);
		expect(windowOf(Date.UTC(2026, 0, 1, 0, 1, 0), window, 0).slot).toBe(a.slot + 1);
	});

	it("names counters per quota, organization, subscope and window", () => {
		expect(counterKey(keyRateLimitQuota(3, 10, 60), scope, 99)).toBe("quota:k{7}3:99");
		expect(counterKey({ id: "o", categories: [], scope: "organization", limit: 5, window: 60 }, scope, 99)).toBe(
			"quota:o{7}:99",
		);
	});

	it("applies a quota to its categories and scope id only", () => {
		const key = keyRateLimitQuota(3, 10, 60);
		expect(quotaApplies(key, "error", scope)).toBe(true);
		expect(quotaApplies(key, "transaction", scope)).toBe(false);
		expect(quotaApplies(key, "error", { ...scope, keyId: 4 })).toBe(false);
		expect(
			quotaApplies({ categories: [], scope: "project", scopeId: "42", limit: 1, window: 60 }, "session", scope),
		).toBe(true);
	});

	it("formats X-Sentry-Rate-Limits exactly, and reads it back", () => {
		expect(
			formatRateLimits([
				{ retryAfter: 60, categories: ["transaction"], scope: "key", reasonCode: undefined },
				{
					retryAfter: 2700,
					categories: ["default", "error", "security"],
					scope: "organization",
					reasonCode: "org_quota",
				},
			]),
		).toBe("60:transaction:key, 2700:default;error;security:organization:org_quota");
		expect(formatRateLimits([{ retryAfter: 60, categories: [], scope: "organization", reasonCode: undefined }])).toBe(
			"60::organization",
		);
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						retryAfter: fc.integer({ min: 1, max: 100_000 }),
						categories: fc.array(fc.constantFrom("error", "transaction", "session", "attachment"), { maxLength: 3 }),
						scope: fc.constantFrom("organization" as const, "project" as const, "key" as const),
						reasonCode: fc.option(fc.stringMatching(/^[a-z_]{1,12}$/), { nil: undefined }),
					}),
					{ minLength: 1, maxLength: 4 },
				),
				(limits) => {
					expect(parseRateLimits(formatRateLimits(limits))).toEqual(limits);
				},
			),
		);
	});

	it("enforces only the quotas Relay enforces", () => {
		const base = { categories: [], scope: "organization" as const };
		const rejectAll = { ...base, limit: 0 };
		const counted = { ...base, id: "o", limit: 10, window: 60 };
		expect(
			enforceableQuotas([
				rejectAll,
				counted,
				{ ...counted, window: undefined },
				{ ...counted, id: undefined },
				{ ...counted, limit: null },
				{ ...counted, categories: ["not_a_category"] },
				{ ...counted, categories: ["error", "attachment"] },
			]),
		).toEqual([rejectAll, counted]);
		const withUnknown = { ...counted, categories: ["error", "not_a_category"] };
		expect(enforceableQuotas([withUnknown])).toEqual([withUnknown]);
		expect(quotaApplies(withUnknown, "error", scope)).toBe(true);
		expect(quotaApplies(withUnknown, "transaction", scope)).toBe(false);
	});
});
