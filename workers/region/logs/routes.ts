/**
 * The logs API, in Sentry's shapes: the `ourlogs` (and `logs`, as `sentry-cli logs list` names it)
 * dataset of `GET /organizations/<org>/events/`, `GET /organizations/<org>/trace-logs/?traceId=`,
 * counts per level over time (`GET /organizations/<org>/events-timeseries/?dataset=ourlogs`), and
 * the attribute keys of recent logs (`GET /organizations/<org>/trace-items/attributes/?itemType=logs`).
 */
import { and, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { projects } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import { requestedRange } from "../../lib/time-range";
import type { DatasetHandler, OrganizationAccess } from "../discover";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "../organizations";
import { logsStorageOf } from "./config";
import { fieldTypes, requestedFields, rowOf, TRACE_LOG_FIELDS } from "./fields";
import { type LogQuery, parseLogQuery } from "./query";
import { type LogSearch, searchLogs } from "./read";
import { attributeKeys, levelSeries } from "./stats";

const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 9999;
/** Pages reach this far at most: each page reads every row before it. */
const MAX_DEPTH = 10_000;
const EVENT_ID = /^[0-9a-f]{32}$/;

type LogsContext = Context<RegionAppEnv>;

/** The organization's projects a request names (`project=<id>`, `-1` or none: all, `project:` in the query). */
async function searchedProjects(c: LogsContext, db: RegionDb, organizationId: number, query: LogQuery) {
	const all = await db
		.select({ id: projects.id, slug: projects.slug })
		.from(projects)
		.where(and(eq(projects.organizationId, organizationId), eq(projects.status, "active")));
	const slugById = new Map(all.map((project) => [project.id, project.slug]));
	let ids = all.map((project) => project.id);
	const requested = (c.req.queries("project") ?? []).map(Number).filter((id) => id !== -1);
	if (requested.length) {
		if (requested.some((id) => !slugById.has(id)))
			throw new ApiError(403, "You do not have permission to perform this action.");
		ids = requested;
	}
	if (query.projects.length) {
		const named = query.projects.map((name) =>
			all.find((project) => project.slug === name || String(project.id) === name),
		);
		const missing = query.projects.filter((_, index) => !named[index]);
		if (missing.length)
			throw new ApiError(
				400,
				`Invalid query. Project(s) ${missing.join(", ")} do not exist or are not actively selected.`,
			);
		ids = ids.filter((id) => named.some((project) => project?.id === id));
	}
	return { ids, slugOf: (id: number) => slugById.get(id) ?? String(id) };
}

function sortOf(value: string | undefined): "asc" | "desc" {
	if (value === undefined || value === "-timestamp") return "desc";
	if (value === "timestamp") return "asc";
	throw new ApiError(400, `Cannot sort by ${value.replace(/^-/, "")}: logs sort by timestamp`);
}

function pageOf(c: LogsContext) {
	const perPage = Number(c.req.query("per_page") ?? DEFAULT_PER_PAGE);
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
		throw new ApiError(400, `per_page must be between 1 and ${MAX_PER_PAGE}`);
	const offset = parseCursor(c.req.query("cursor"));
	if (offset + perPage > MAX_DEPTH)
		throw new ApiError(400, `cannot page past ${MAX_DEPTH} logs: narrow the query or the time range`);
	return { offset, limit: perPage };
}

/** One table of logs in the events API's shape, with Sentry's `Link` cursors. */
async function logTable(
	c: LogsContext,
	access: OrganizationAccess,
	options: { extraQuery?: LogQuery; sort: string | undefined; fields?: string[] },
) {
	const { extraQuery, sort } = options;
	requireScope(access.caller, "event:read");
	const query = parseLogQuery(c.req.query("query"));
	if (extraQuery) query.filters.push(...extraQuery.filters);
	const { ids, slugOf } = await searchedProjects(c, access.db, access.organization.id, query);
	const range = requestedRange(c.req.query(), "14d");
	const search: LogSearch = {
		organizationId: access.organization.id,
		projectIds: ids,
		start: range.start,
		end: range.end,
		filters: query.filters,
		sort: sortOf(sort),
		...pageOf(c),
	};
	const page = await searchLogs(access.db, c.env.EVENTS_BUCKET, logsStorageOf(c.env), search);
	const fields = requestedFields(c.req.queries("field") ?? [], options.fields);
	const data = page.logs.map((log) => rowOf(log, fields, slugOf));
	c.header("Link", linkHeader(new URL(c.req.url), search.offset, search.limit, page.hasMore));
	return c.json({
		data,
		meta: {
			fields: fieldTypes(fields, data),
			units: {},
			dataset: "ourlogs",
			datasetReason: "unchanged",
			isMetricsData: false,
			isMetricsExtractedData: false,
			tips: {},
			dataScanned: page.partial ? "partial" : "full",
		},
	});
}

/** `?dataset=ourlogs` and `?dataset=logs` of the organization events endpoint (workers/region/discover). */
export const logsDataset: DatasetHandler = (c, access) => logTable(c, access, { sort: c.req.query("sort") });

export const logRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/trace-logs/", async (c) => {
		const access = await organizationAccess(c, c.req.param("organization"));
		const traceIds = (c.req.queries("traceId") ?? []).map((id) => id.replace(/-/g, "").toLowerCase());
		if (!traceIds.length) throw new ApiError(400, "Need to pass at least one traceId");
		const invalid = traceIds.find((id) => !EVENT_ID.test(id));
		if (invalid)
			throw new ApiError(
				400,
				`${invalid} must be a valid UUID hex (32-36 characters long, containing only digits, dashes, or a-f characters)`,
			);
		return logTable(c, access, {
			extraQuery: { filters: [{ kind: "trace", values: traceIds, negate: false }], projects: [] },
			sort: c.req.query("orderby"),
			fields: TRACE_LOG_FIELDS,
		});
	})
	.get("/api/0/organizations/:organization/events-timeseries/", async (c) => {
		const access = await organizationAccess(c, c.req.param("organization"));
		requireScope(access.caller, "event:read");
		const dataset = c.req.query("dataset") ?? "";
		if (dataset !== "ourlogs" && dataset !== "logs") throw new ApiError(400, "dataset must be one of: ourlogs, logs");
		const yAxis = c.req.queries("yAxis") ?? ["count()"];
		if (yAxis.some((axis) => axis !== "count()")) throw new ApiError(400, "yAxis must be count() for logs");
		const groupBy = c.req.queries("groupBy") ?? [];
		if (groupBy.some((field) => field !== "severity")) throw new ApiError(400, "logs group by severity only");
		const query = parseLogQuery(c.req.query("query"));
		const { ids } = await searchedProjects(c, access.db, access.organization.id, query);
		const range = requestedRange(c.req.query(), "24h");
		return c.json(
			await levelSeries(access.db, logsStorageOf(c.env), {
				organizationId: access.organization.id,
				projectIds: ids,
				...range,
				filters: query.filters,
				interval: c.req.query("interval"),
				bySeverity: groupBy.length > 0,
			}),
		);
	})
	.get("/api/0/organizations/:organization/trace-items/attributes/", async (c) => {
		const access = await organizationAccess(c, c.req.param("organization"));
		requireScope(access.caller, "event:read");
		if ((c.req.query("itemType") ?? "logs") !== "logs") throw new ApiError(400, "itemType must be logs");
		const query = parseLogQuery(c.req.query("query"));
		const { ids } = await searchedProjects(c, access.db, access.organization.id, query);
		const range = requestedRange(c.req.query(), "24h");
		const keys = await attributeKeys(access.db, access.organization.id, ids, range, c.req.query("substringMatch"));
		return c.json(keys.map((key) => ({ key, name: key })));
	});
