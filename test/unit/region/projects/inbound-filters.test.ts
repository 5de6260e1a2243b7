import { describe, expect, it } from "vitest";
import {
	applyFilterOptions,
	changeFilter,
	filterOptionsOf,
	listFilters,
} from "../../../../workers/region/projects/inbound-filters";

describe("inbound filters as Sentry's API shows them", () => {
	it("turns a filter off when `active` is missing, as Sentry's set_filter_state", () => {
		const on = changeFilter({}, "localhost", { active: true });
		expect(on).toEqual({ localhost: { isEnabled: true } });
		expect(changeFilter(on, "localhost", {})).toEqual({ localhost: { isEnabled: false } });
	});

	it("lets `active` win over subfilters for legacy browsers, and turns it off with an empty list", () => {
		expect(changeFilter({}, "legacy-browsers", { active: true, subfilters: ["ie9"] })).toEqual({
			legacyBrowsers: { isEnabled: true, options: ["default"] },
		});
		const some = changeFilter({}, "legacy-browsers", { subfilters: ["safari_pre_6", "ie9", "ie9"] });
		expect(some).toEqual({ legacyBrowsers: { isEnabled: true, options: ["ie9", "safari_pre_6"] } });
		expect(listFilters(some).find((filter) => filter.id === "legacy-browsers")?.active).toEqual([
			"ie9",
			"safari_pre_6",
		]);
		expect(changeFilter(some, "legacy-browsers", { subfilters: [] }).legacyBrowsers?.isEnabled).toBe(false);
	});

	it("cleans newline-separated globs as Sentry's clean_newline_inputs and shows them back", () => {
		const settings = applyFilterOptions(
			{ localhost: { isEnabled: true } },
			{
				"filters:error_messages": " Foo*\n\nBar ",
				"filters:releases": "V1.*\n",
				"filters:blacklisted_ips": "10.0.0.0/8",
			},
		);
		expect(settings).toEqual({
			localhost: { isEnabled: true },
			errorMessages: { patterns: ["Foo*", "Bar"] },
			releases: { releases: ["v1.*"] },
			clientIps: { blacklistedIps: ["10.0.0.0/8"] },
		});
		expect(filterOptionsOf(settings)).toEqual({
			"filters:error_messages": "Foo*\nBar",
			"filters:releases": "v1.*",
			"filters:blacklisted_ips": "10.0.0.0/8",
		});
		expect(applyFilterOptions(settings, { "filters:releases": "" }).releases).toEqual({ releases: [] });
	});
});
