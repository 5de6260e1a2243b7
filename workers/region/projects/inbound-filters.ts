/**
 * Inbound filters as Sentry's Web API shows and changes them (`/api/0/projects/<org>/<project>/filters/`
 * and the `filters:*` project options), translated to and from the relay's FilterSettings. Pure: the
 * routes read and write the project's `filterSettings` and republish its config.
 */
import { z } from "zod";
import type { FilterSettings } from "../../lib/project-config";

/** The subfilters the relay implements (Sentry's per-version legacy-browser options; `default` = all of them). */
export const LEGACY_BROWSER_SUBFILTERS = [
	"ie_pre_9",
	"ie9",
	"ie10",
	"ie11",
	"opera_pre_15",
	"opera_mini_pre_8",
	"android_pre_4",
	"safari_pre_6",
] as const;

const TOGGLES = {
	localhost: "localhost",
	"browser-extensions": "browserExtensions",
	"web-crawlers": "webCrawlers",
} as const;

export const FILTER_SPECS = [
	{
		id: "browser-extensions",
		name: "Filter out errors known to be caused by browser extensions",
		description: "Certain browser extensions will inject inline scripts and are known to cause errors.",
	},
	{
		id: "legacy-browsers",
		name: "Filter out known errors from legacy browsers",
		description:
			"Older browsers often give less accurate information, and while they may report valid issues, the context to understand them is incorrect or missing.",
	},
	{
		id: "localhost",
		name: "Filter out events coming from localhost",
		description: "This applies to both IPv4 (``127.0.0.1``) and IPv6 (``::1``) addresses.",
	},
	{
		id: "web-crawlers",
		name: "Filter out known web crawlers",
		description:
			"Some crawlers may execute pages in incompatible ways which then cause errors that are unlikely to be seen by a normal user.",
	},
] as const;
export type FilterId = (typeof FILTER_SPECS)[number]["id"];

export const isFilterId = (id: string): id is FilterId => FILTER_SPECS.some((spec) => spec.id === id);

/** The body of `PUT …/filters/<id>/`; Sentry's serializer is partial, so both fields are optional. */
export const FilterChangeSchema = z.object({
	active: z.boolean().optional(),
	subfilters: z.array(z.enum(LEGACY_BROWSER_SUBFILTERS)).optional(),
});
export type FilterChange = z.infer<typeof FilterChangeSchema>;

/** Sentry's `active`: a boolean, or for legacy browsers the list of enabled subfilters when not all are. */
function activeState(settings: FilterSettings, id: FilterId): boolean | string[] {
	if (id !== "legacy-browsers") return settings[TOGGLES[id]]?.isEnabled ?? false;
	const legacy = settings.legacyBrowsers;
	if (!legacy?.isEnabled) return false;
	return legacy.options.includes("default") ? true : [...legacy.options].sort();
}

/** `GET …/filters/`: Sentry's list, sorted by name. */
export function listFilters(settings: FilterSettings) {
	return FILTER_SPECS.map((spec) => ({
		id: spec.id,
		active: activeState(settings, spec.id),
		description: spec.description,
		name: spec.name,
		hello: `${spec.id} - ${spec.name}`,
	})).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The settings after `PUT …/filters/<id>/`, as Sentry's set_filter_state: a missing `active` turns a
 * filter off; for legacy browsers `active` wins over `subfilters`, and an empty list turns it off.
 */
export function changeFilter(settings: FilterSettings, id: FilterId, change: FilterChange): FilterSettings {
	if (id !== "legacy-browsers") return { ...settings, [TOGGLES[id]]: { isEnabled: change.active ?? false } };
	if (change.active !== undefined) {
		return { ...settings, legacyBrowsers: { isEnabled: change.active, options: ["default"] } };
	}
	const options = [...new Set(change.subfilters ?? [])].sort();
	return { ...settings, legacyBrowsers: { isEnabled: options.length > 0, options } };
}

/** The project options Sentry keeps filter globs under, as newline-separated text. */
export const FilterOptionsSchema = z.object({
	"filters:error_messages": z.string().max(20_000).optional(),
	"filters:releases": z.string().max(20_000).optional(),
	"filters:blacklisted_ips": z.string().max(20_000).optional(),
});
export type FilterOptions = z.infer<typeof FilterOptionsSchema>;

/** Sentry's clean_newline_inputs: one entry a line, trimmed, blanks dropped, lower-cased unless told not to. */
function lines(value: string, caseInsensitive = true): string[] {
	return value
		.split("\n")
		.map((line) => (caseInsensitive ? line.toLowerCase() : line).trim())
		.filter((line) => line !== "");
}

export function applyFilterOptions(settings: FilterSettings, options: FilterOptions): FilterSettings {
	const next = { ...settings };
	const errorMessages = options["filters:error_messages"];
	if (errorMessages !== undefined) next.errorMessages = { patterns: lines(errorMessages, false) };
	const releases = options["filters:releases"];
	if (releases !== undefined) next.releases = { releases: lines(releases) };
	const ips = options["filters:blacklisted_ips"];
	if (ips !== undefined) next.clientIps = { blacklistedIps: lines(ips) };
	return next;
}

/** The `filters:*` options of Sentry's project details. */
export function filterOptionsOf(settings: FilterSettings): Required<FilterOptions> {
	return {
		"filters:error_messages": (settings.errorMessages?.patterns ?? []).join("\n"),
		"filters:releases": (settings.releases?.releases ?? []).join("\n"),
		"filters:blacklisted_ips": (settings.clientIps?.blacklistedIps ?? []).join("\n"),
	};
}
