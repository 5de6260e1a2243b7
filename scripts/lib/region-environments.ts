/**
 * The per-region environments of the relay's and the region's wrangler.toml, made from their top
 * level — the template, which serves the region its SENTRY_REGION names — for every region in its
 * SENTRY_REGION_CONFIG. A thousand regions are then one list, not a thousand hand-written sections.
 */
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { RegionListSchema } from "../../workers/lib/regions";
import { ROOT } from "./wrangler";

export const REGIONAL_CONFIGS = ["workers/relay/wrangler.toml", "workers/region/wrangler.toml"];

/** Keys wrangler environments inherit from the top level, so they are not repeated per region. */
const INHERITED = new Set(["main", "compatibility_date", "compatibility_flags", "migrations"]);

type Toml = string | number | boolean | Toml[] | { [key: string]: Toml };

/** A TOML value on one line, in the inline style the worker configs use. */
function inline(value: Toml): string {
	if (typeof value === "string")
		return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
	if (typeof value !== "object") return String(value);
	if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
	const entries = Object.entries(value).map(([key, item]) => `${key} = ${inline(item)}`);
	return entries.length ? `{ ${entries.join(", ")} }` : "{}";
}

/** The template's resources renamed for `region`: a `-us` or `_US` name part becomes `-de` / `_DE`. */
function renamed(value: Toml, template: string, region: string): Toml {
	if (typeof value === "string") {
		return value
			.replace(new RegExp(`(?<=-)${template}(?=$|[-_.#])`, "g"), region)
			.replace(new RegExp(`(?<=_)${template.toUpperCase()}(?=$|[-_.#])`, "g"), region.toUpperCase().replace(/-/g, "_"));
	}
	if (typeof value !== "object") return value;
	if (Array.isArray(value)) return value.map((item) => renamed(item, template, region));
	return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamed(item, template, region)]));
}

/** `text` (a wrangler.toml) with its `[env.<region>]` sections made anew from its top level. */
export function withRegionEnvironments(text: string): string {
	const { env: _previous, ...template } = parse(text) as Record<string, Toml>;
	const vars = template.vars as Record<string, string>;
	const templateRegion = vars.SENTRY_REGION;
	if (!templateRegion) throw new Error("the top level's vars need SENTRY_REGION");
	const regions = RegionListSchema.parse(JSON.parse(vars.SENTRY_REGION_CONFIG ?? "[]"));
	const header = text.slice(0, text.search(/^[^#\n]/m));
	const section = (config: Record<string, Toml>) =>
		Object.entries(config)
			.map(([key, value]) => `${key} = ${inline(value)}`)
			.join("\n");
	const environments = regions.map(({ name }) => {
		const config = Object.fromEntries(Object.entries(template).filter(([key]) => !INHERITED.has(key)));
		const regional = renamed(config, templateRegion, name) as Record<string, Toml>;
		(regional.vars as Record<string, string>).SENTRY_REGION = name;
		// The region list itself names every region: it stays as it is.
		(regional.vars as Record<string, string>).SENTRY_REGION_CONFIG = vars.SENTRY_REGION_CONFIG as string;
		return `[env.${name}]\n${section(regional)}`;
	});
	return `${header}${section(template)}\n\n${environments.join("\n\n")}\n`;
}

export const generate = (path: string) => withRegionEnvironments(readFileSync(`${ROOT}${path}`, "utf8"));

/** The configs whose environments are not what `generate` makes of them. */
export function staleRegionalConfigs(): string[] {
	return REGIONAL_CONFIGS.filter((path) => generate(path) !== readFileSync(`${ROOT}${path}`, "utf8"));
}
