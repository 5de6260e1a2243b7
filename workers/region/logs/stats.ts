/**
 * Counts of logs per level over time, in the shape of Sentry's events-timeseries API: from the
 * hourly counts when the query has no filter (any range, exact), else by counting the matching
 * rows of the range where rows are complete (bounded like a search). And the attribute keys that
 * recent logs carry, for facets.
 */
import { sql } from "drizzle-orm";
import { logCounts, logItems } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { parsePeriod } from "../../lib/time-range";
import type { LogsStorage } from "./config";
import { LEVELS } from "./levels";
import type { LogFilter } from "./query";
import { countRows, rowsCompleteFrom } from "./read";

const HOUR_MS = 3_600_000;
/** Recent rows whose attribute keys are listed. */
const ATTRIBUTE_SAMPLE = 1000;
const MAX_KEYS = 200;
const MAX_BUCKETS = 1000;

export interface SeriesRequest {
	organizationId: number;
	projectIds: number[];
	start: number;
	end: number;
	filters: LogFilter[];
	interval: string | undefined;
	bySeverity: boolean;
}

export async function levelSeries(db: RegionDb, storage: LogsStorage, request: SeriesRequest, now = Date.now()) {
	const fromCounters = request.filters.length === 0;
	let interval = parsePeriod(request.interval, "1h");
	if (fromCounters) interval = Math.ceil(interval / HOUR_MS) * HOUR_MS;
	const start = Math.floor(request.start / interval) * interval;
	const end = Math.ceil(request.end / interval) * interval;
	if ((end - start) / interval > MAX_BUCKETS) throw new Error("too many buckets");
	const totals = new Map<string, Map<number, number>>();
	const add = (level: string, bucket: number, count: number) => {
		const series = totals.get(level) ?? new Map<number, number>();
		series.set(bucket, (series.get(bucket) ?? 0) + count);
		totals.set(level, series);
	};
	if (request.projectIds.length && fromCounters) {
		const rows = await db.all<{ hour: number; level: string; logs: number }>(
			sql`select hour, level, sum(logs) as logs from ${logCounts}
			where organization_id = ${request.organizationId}
			and project_id in (${sql.join(
				request.projectIds.map((id) => sql`${id}`),
				sql`, `,
			)})
			and hour >= ${start} and hour < ${end} group by hour, level`,
		);
		for (const row of rows) add(row.level, Math.floor((row.hour - start) / interval) * interval + start, row.logs);
	} else if (request.projectIds.length) {
		const search = { ...request, sort: "desc" as const, offset: 0, limit: 1 };
		const from = await rowsCompleteFrom(db, search, storage, now);
		for (const row of await countRows(db, storage, request, from, request.end, interval))
			add(row.level, row.bucket, row.count);
	}
	const buckets = Array.from({ length: (end - start) / interval }, (_, index) => start + index * interval);
	const series = (level: string | undefined, order: number) => {
		const counts = level
			? (totals.get(level) ?? new Map())
			: [...totals.values()].reduce((all, one) => {
					for (const [bucket, count] of one) all.set(bucket, (all.get(bucket) ?? 0) + count);
					return all;
				}, new Map<number, number>());
		return {
			yAxis: "count()",
			...(level ? { groupBy: [{ key: "severity", value: level }] } : {}),
			values: buckets.map((bucket) => ({
				timestamp: bucket,
				value: counts.get(bucket) ?? 0,
				incomplete: bucket + interval > now,
			})),
			meta: { valueType: "integer", valueUnit: null, interval, order },
		};
	};
	const levels = LEVELS.filter((level) => totals.has(level));
	return {
		meta: { dataset: "ourlogs", start, end },
		timeSeries: request.bySeverity ? levels.map((level, order) => series(level, order)) : [series(undefined, 0)],
	};
}

export async function attributeKeys(
	db: RegionDb,
	organizationId: number,
	projectIds: number[],
	range: { start: number; end: number },
	substring: string | undefined,
): Promise<string[]> {
	if (!projectIds.length) return [];
	const rows = await db.all<{ key: string }>(
		sql`select distinct attribute.key as key from (select attributes from ${logItems}
		where organization_id = ${organizationId}
		and project_id in (${sql.join(
			projectIds.map((id) => sql`${id}`),
			sql`, `,
		)})
		and timestamp_us >= ${range.start * 1000} and timestamp_us < ${range.end * 1000}
		order by timestamp_us desc limit ${ATTRIBUTE_SAMPLE}) as recent, json_each(recent.attributes) as attribute
		${substring ? sql`where instr(lower(attribute.key), ${substring.toLowerCase()}) > 0` : sql``}
		order by key limit ${MAX_KEYS}`,
	);
	return rows.map((row) => row.key);
}
