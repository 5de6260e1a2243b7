/**
 * The region directory: SENTRY_REGION_CONFIG parsed once into a map, so that finding a region by
 * name is O(1) however many regions there are (Sentry plans for about 1000).
 */
import { z } from "zod";

export const RegionCategory = z.enum(["MULTI_TENANT", "SINGLE_TENANT"]);

export const RegionSchema = z.strictObject({
	name: z
		.string()
		.regex(/^[a-z][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes, starting with a letter"),
	snowflake_id: z.number().int().min(0).max(1023),
	address: z.url({ protocol: /^https?$/ }),
	category: RegionCategory,
});
export type Region = z.infer<typeof RegionSchema>;

export const RegionListSchema = z
	.array(RegionSchema)
	.min(1, "must name at least one region")
	.superRefine((regions, ctx) => {
		const names = new Set<string>();
		const snowflakeIds = new Set<number>();
		regions.forEach((region, index) => {
			if (names.has(region.name)) {
				ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate region name "${region.name}"` });
			}
			if (snowflakeIds.has(region.snowflake_id)) {
				ctx.addIssue({
					code: "custom",
					path: [index, "snowflake_id"],
					message: `duplicate snowflake_id ${region.snowflake_id}`,
				});
			}
			names.add(region.name);
			snowflakeIds.add(region.snowflake_id);
		});
	});

export class RegionDirectory {
	private readonly byName: ReadonlyMap<string, Region>;

	constructor(readonly regions: readonly Region[]) {
		this.byName = new Map(regions.map((region) => [region.name, region]));
	}

	get(name: string): Region | undefined {
		return this.byName.get(name);
	}

	has(name: string): boolean {
		return this.byName.has(name);
	}

	/** The region that must exist, e.g. one named by settings that were validated against this directory. */
	require(name: string): Region {
		const region = this.byName.get(name);
		if (!region) throw new Error(`unknown region "${name}"`);
		return region;
	}
}
