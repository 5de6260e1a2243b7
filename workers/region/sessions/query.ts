/**
 * The query of `GET /api/0/organizations/{org}/sessions/` (Sentry's sessions_v2 `QueryDefinition`):
 * fields, groupBy, orderBy, the time range and its interval, with Sentry's validation messages.
 */
import { ApiError } from "../../lib/errors";
import { parsePeriod } from "../../lib/time-range";
import { DAY, HOUR } from "./counting";
import { type Filter, parseFilter } from "./search";
import type { Dimension } from "./store";

export const COUNT_FIELDS = ["sum(session)", "count_unique(user)"] as const;
export const DURATION_FIELDS = [
	"avg(session.duration)",
	"p50(session.duration)",
	"p75(session.duration)",
	"p90(session.duration)",
	"p95(session.duration)",
	"p99(session.duration)",
	"max(session.duration)",
] as const;
export const RATE_FIELDS = [
	"crash_rate(session)",
	"crash_rate(user)",
	"crash_free_rate(session)",
	"crash_free_rate(user)",
] as const;
export type Field = (typeof COUNT_FIELDS)[number] | (typeof DURATION_FIELDS)[number] | (typeof RATE_FIELDS)[number];
const FIELDS = new Set<string>([...COUNT_FIELDS, ...DURATION_FIELDS, ...RATE_FIELDS]);
const GROUP_BY = new Set(["project", "release", "environment", "session.status"]);

/** Sentry's MAX_POINTS and SNUBA_LIMIT: intervals per query, and groups × intervals per answer. */
const MAX_POINTS = 1000;
export const MAX_CELLS = 5000;

export interface SessionsQuery {
	fields: Field[];
	dimensions: Dimension[];
	byStatus: boolean;
	orderBy: { field: Field; descending: boolean } | undefined;
	filter: Filter | undefined;
	query: string;
	start: number;
	end: number;
	interval: number;
	/** `includeTotals=0` and `includeSeries=0` leave `totals` or `series` out of each group. */
	include: { totals: boolean; series: boolean };
}

function timeRange(params: URLSearchParams, interval: number, now: number): { start: number; end: number } {
	const startParam = params.get("start");
	const endParam = params.get("end");
	let start: number;
	let end: number;
	if (startParam || endParam) {
		start = Date.parse(startParam ?? "");
		end = Date.parse(endParam ?? "") + 1000;
		if (Number.isNaN(start) || Number.isNaN(end)) throw new ApiError(400, "start and end are both required");
		if (end <= start) throw new ApiError(400, "start must be before end");
	} else {
		end = now;
		start = now - parsePeriod(params.get("statsPeriod") ?? undefined, "90d");
	}
	return { start: Math.floor(start / interval) * interval, end: Math.ceil(end / interval) * interval };
}

export function parseSessionsQuery(params: URLSearchParams, now = Date.now()): SessionsQuery {
	const fields = params.getAll("field");
	if (!fields.length) throw new ApiError(400, 'Request is missing a "field"');
	const unknownField = fields.find((field) => !FIELDS.has(field));
	if (unknownField !== undefined) throw new ApiError(400, `Invalid field: "${unknownField}"`);
	const groupBy = params.getAll("groupBy");
	const unknownGroup = groupBy.find((key) => !GROUP_BY.has(key));
	if (unknownGroup !== undefined) throw new ApiError(400, `Invalid groupBy: "${unknownGroup}"`);
	const byStatus = groupBy.includes("session.status");
	const rate = fields.find((field) => (RATE_FIELDS as readonly string[]).includes(field));
	if (byStatus && rate) throw new ApiError(400, `Cannot group field ${rate} by session.status`);

	const interval = parsePeriod(params.get("interval") ?? undefined, "1h");
	if (interval < HOUR || interval % HOUR !== 0)
		throw new ApiError(400, "The interval has to be a multiple of the minimum interval of one hour.");
	if (interval > DAY) throw new ApiError(400, "The interval has to be less than one day.");
	if (DAY % interval !== 0) throw new ApiError(400, "The interval should divide one day without a remainder.");
	const { start, end } = timeRange(params, interval, now);
	if ((end - start) / interval > MAX_POINTS)
		throw new ApiError(
			400,
			"Your interval and date range would create too many results. Use a larger interval, or a smaller date range.",
		);

	const orderBys = params.getAll("orderBy");
	if (orderBys.length > 1) throw new ApiError(400, "Cannot order by multiple fields");
	let orderBy: SessionsQuery["orderBy"];
	const [order] = orderBys;
	if (order !== undefined) {
		if (byStatus) throw new ApiError(400, "Cannot use 'orderBy' when grouping by sessions.status");
		const field = order.replace(/^-/, "");
		if (!fields.includes(field)) throw new ApiError(400, "'orderBy' must be one of the provided 'fields'");
		orderBy = { field: field as Field, descending: order.startsWith("-") };
	}
	const query = params.get("query") ?? "";
	return {
		fields: fields as Field[],
		dimensions: groupBy.filter((key): key is Dimension => key !== "session.status"),
		byStatus,
		orderBy,
		filter: parseFilter(query),
		query,
		start,
		end,
		interval,
		include: { totals: params.get("includeTotals") !== "0", series: params.get("includeSeries") !== "0" },
	};
}
