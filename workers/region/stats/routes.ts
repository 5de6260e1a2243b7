/**
 * `GET /api/0/organizations/<org>/stats_v2/`: outcome counts in the shape of Sentry's stats API
 * (`field=sum(quantity)`, `groupBy=outcome|category|reason|project`, `statsPeriod`, `interval`,
 * optional `project` and `category` filters), read from the hourly outcome counters.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { Hono } from "hono";
import { outcomes } from "../../../schema/region";
import { ApiError } from "../../lib/errors";
import { listParameter, projectIdsOf } from "../../lib/query";
import { seriesRange } from "../../lib/time-range";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "../organizations";

const GROUP_BY = ["outcome", "category", "reason", "project"] as const;
type GroupBy = (typeof GROUP_BY)[number];
const FIELD = "sum(quantity)";

export const statsRoutes = new Hono<RegionAppEnv>().get("/api/0/organizations/:organization/stats_v2/", async (c) => {
	const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
	requireScope(caller, "org:read");
	const field = c.req.query("field") ?? FIELD;
	if (field !== FIELD) throw new ApiError(400, `unsupported field "${field}"`);
	const groupBy = (c.req.queries("groupBy") ?? []) as GroupBy[];
	const unknown = groupBy.find((key) => !GROUP_BY.includes(key));
	if (unknown) throw new ApiError(400, `cannot group by "${unknown}"`);
	const { start, end, interval, points } = seriesRange(
		{ statsPeriod: c.req.query("statsPeriod"), interval: c.req.query("interval") },
		Date.now(),
	);
	const projectIds = projectIdsOf(c.req.queries("project"));
	const categories = listParameter(c.req.queries("category"), "category");

	const rows = await db
		.select()
		.from(outcomes)
		.where(
			and(
				eq(outcomes.organizationId, organization.id),
				gte(outcomes.bucket, new Date(start)),
				lt(outcomes.bucket, new Date(end)),
				projectIds.length ? inArray(outcomes.projectId, projectIds) : undefined,
				categories.length ? inArray(outcomes.category, categories) : undefined,
			),
		);
	const groups = new Map<
		string,
		{ by: Record<string, string | number>; totals: Record<string, number>; series: Record<string, number[]> }
	>();
	for (const row of rows) {
		const by = Object.fromEntries(groupBy.map((key) => [key, key === "project" ? row.projectId : (row[key] ?? "")]));
		const key = JSON.stringify(by);
		const group = groups.get(key) ?? {
			by,
			totals: { [FIELD]: 0 },
			series: { [FIELD]: new Array<number>(points).fill(0) },
		};
		const slot = Math.floor((row.bucket.getTime() - start) / interval);
		(group.totals[FIELD] as number) += row.quantity;
		(group.series[FIELD] as number[])[slot] = ((group.series[FIELD] as number[])[slot] ?? 0) + row.quantity;
		groups.set(key, group);
	}
	return c.json({
		start: new Date(start).toISOString(),
		end: new Date(end).toISOString(),
		intervals: Array.from({ length: points }, (_, index) => new Date(start + index * interval).toISOString()),
		groups: [...groups.values()],
	});
});
