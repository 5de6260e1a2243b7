/**
 * Reading logs, pruned by time first. A search covers [start, end) of some projects of one
 * organization; its recent part, where every hour's rows are complete (counts say so), is answered
 * from `log_items` by the (organization, project, time) index (or the trace index); the older part,
 * or hours whose rows overflowed the budget, from R2 segments chosen by the same prefix and time,
 * newest first, at most `maxSegmentsPerQuery` of them. Filters no index serves (free text, attributes,
 * negations, several levels) look at the newest `scanRowCap` rows of the range only; the answer
 * says `partial` when a bound cut it short.
 */
import { sql } from "drizzle-orm";
import { logCounts, logItems, logSegments } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import type { LogsStorage } from "./config";
import { LEVELS, type Level } from "./levels";
import type { StoredLog } from "./normalize";
import { type LogFilter, matchesQuery, textPattern } from "./query";
import { decodeSegment } from "./segments";

export interface LogSearch {
	organizationId: number;
	projectIds: number[];
	/** Milliseconds; `end` is exclusive. */
	start: number;
	end: number;
	filters: LogFilter[];
	sort: "asc" | "desc";
	offset: number;
	limit: number;
}

export type FoundLog = StoredLog & { projectId: number };

export interface LogPage {
	logs: FoundLog[];
	hasMore: boolean;
	/** A bound (rows scanned, segments read) stopped the search before it saw the whole range. */
	partial: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SEGMENT_READS_AT_ONCE = 6;

/** A `log_items` row as raw SQL returns it. */
interface Row {
	project_id: number;
	timestamp_us: number;
	item_id: string;
	trace_id: string;
	span_id: string | null;
	level: string;
	severity_number: number;
	body: string;
	attributes: string;
}

const fromRow = (row: Row): FoundLog => ({
	itemId: row.item_id,
	timestampUs: row.timestamp_us,
	traceId: row.trace_id,
	spanId: row.span_id ?? undefined,
	level: row.level as Level,
	severityNumber: row.severity_number,
	body: row.body,
	attributes: JSON.parse(row.attributes),
	bytes: 0,
	projectId: row.project_id,
});

/** The one positive level or trace filter an index serves, if the query has one. */
function indexedFilter(filters: LogFilter[]) {
	const level = filters.find((filter) => filter.kind === "level" && !filter.negate && filter.levels.length === 1);
	const trace = filters.find((filter) => filter.kind === "trace" && !filter.negate);
	return {
		level: level?.kind === "level" ? level.levels[0] : undefined,
		traces: trace?.kind === "trace" ? trace.values : undefined,
	};
}

const valueText = sql`case json_each.type when 'true' then 'true' when 'false' then 'false' else cast(json_each.value as text) end`;
const attributePath = (key: string) => `$."${key}"`;
/** Pieces of a `*` pattern, each required (in order; the final check in JavaScript enforces the order). */
const pieces = (pattern: string) => pattern.toLowerCase().split("*").filter(Boolean);

/** The SQL for a filter: exact for most, a necessary condition for `*` patterns (checked again after). */
function filterSql(filter: LogFilter) {
	const not = (condition: ReturnType<typeof sql>) =>
		filter.kind !== "severity" && filter.negate ? sql`not (${condition})` : condition;
	switch (filter.kind) {
		case "level":
			return not(
				filter.levels.length
					? sql`level in (${sql.join(
							filter.levels.map((level) => sql`${level}`),
							sql`, `,
						)})`
					: sql`0`,
			);
		case "severity":
			return sql`severity_number ${sql.raw(filter.op)} ${filter.value}`;
		case "trace":
		case "span":
		case "id": {
			const column = { trace: sql`trace_id`, span: sql`span_id`, id: sql`item_id` }[filter.kind];
			return not(
				sql`${column} in (${sql.join(
					filter.values.map((value) => sql`${value}`),
					sql`, `,
				)})`,
			);
		}
		case "text": {
			const parts = pieces(textPattern(filter.pattern));
			return not(
				parts.length
					? sql.join(
							parts.map((part) => sql`instr(lower(body), ${part}) > 0`),
							sql` and `,
						)
					: sql`1`,
			);
		}
		case "has":
			return not(sql`json_type(attributes, ${attributePath(filter.key)}) is not null`);
		case "attribute": {
			const matches = filter.patterns.map((pattern) =>
				pattern.includes("*")
					? sql.join(
							pieces(pattern).map((part) => sql`instr(lower(${valueText}), ${part}) > 0`),
							sql` and `,
						)
					: sql`${valueText} = ${pattern}`,
			);
			return not(
				sql`exists (select 1 from json_each(attributes, ${attributePath(filter.key)}) where ${sql.join(matches, sql` or `)})`,
			);
		}
	}
}

/** The rows of a search in [from, to) that the indexes find, and the filters left for the rest. */
function rowScope(search: Pick<LogSearch, "organizationId" | "projectIds" | "filters">, from: number, to: number) {
	const { level, traces } = indexedFilter(search.filters);
	const others = search.filters.filter(
		(filter) =>
			!(filter.kind === "level" && level && !filter.negate && filter.levels.length === 1) &&
			!(filter.kind === "trace" && traces && !filter.negate),
	);
	const scope = sql`organization_id = ${search.organizationId}
		and project_id in (${sql.join(
			search.projectIds.map((id) => sql`${id}`),
			sql`, `,
		)})
		and timestamp_us >= ${from * 1000} and timestamp_us < ${to * 1000}
		${level ? sql`and level = ${level}` : sql``}
		${
			traces
				? sql`and trace_id in (${sql.join(
						traces.map((trace) => sql`${trace}`),
						sql`, `,
					)})`
				: sql``
		}`;
	return { scope, others };
}

/**
 * Rows per time bucket and level of the newest `scanRowCap` rows in [from, to) that the filters
 * keep (`*` patterns as their necessary condition).
 */
export async function countRows(
	db: RegionDb,
	storage: LogsStorage,
	search: Pick<LogSearch, "organizationId" | "projectIds" | "filters">,
	from: number,
	to: number,
	intervalMs: number,
) {
	const { scope, others } = rowScope(search, from, to);
	const where = others.length ? sql`where ${sql.join(others.map(filterSql), sql` and `)}` : sql``;
	return db.all<{ bucket: number; level: string; count: number }>(
		sql`select cast(timestamp_us / ${intervalMs * 1000} as integer) * ${intervalMs} as bucket, level, count(*) as count
		from (select * from ${logItems} where ${scope} order by timestamp_us desc limit ${storage.scanRowCap}) ${where}
		group by bucket, level`,
	);
}

async function fromRows(db: RegionDb, search: LogSearch, from: number, to: number, need: number, storage: LogsStorage) {
	const { scope, others } = rowScope(search, from, to);
	const direction = sql.raw(search.sort === "asc" ? "asc" : "desc");
	if (!others.length) {
		const rows = await db.all<Row>(
			sql`select * from ${logItems} where ${scope} order by timestamp_us ${direction} limit ${need}`,
		);
		return { logs: rows.map(fromRow), partial: false };
	}
	const scanned = sql`select * from ${logItems} where ${scope} order by timestamp_us ${direction} limit ${storage.scanRowCap}`;
	const rows = await db.all<Row>(
		sql`select * from (${scanned}) where ${sql.join(others.map(filterSql), sql` and `)}
		order by timestamp_us ${direction} limit ${need}`,
	);
	let partial = false;
	if (rows.length < need) {
		const [count] = await db.all<{ rows: number }>(sql`select count(*) as rows from (${scanned})`);
		partial = (count?.rows ?? 0) >= storage.scanRowCap;
	}
	return { logs: rows.map(fromRow).filter((log) => matchesQuery(others, log)), partial };
}

/** Where rows stop being complete: logs older than this are read from segments. */
export async function rowsCompleteFrom(
	db: RegionDb,
	search: LogSearch,
	storage: LogsStorage,
	now: number,
): Promise<number> {
	const horizon = now - storage.hotDays * DAY_MS;
	const [overflow] = await db.all<{ hour: number | null }>(
		sql`select max(hour) as hour from (select ${logCounts.hour} as hour from ${logCounts}
		where ${logCounts.organizationId} = ${search.organizationId}
		and ${logCounts.projectId} in (${sql.join(
			search.projectIds.map((id) => sql`${id}`),
			sql`, `,
		)})
		and ${logCounts.hour} >= ${Math.floor(search.start / HOUR_MS) * HOUR_MS} and ${logCounts.hour} < ${search.end}
		group by ${logCounts.projectId}, ${logCounts.hour} having sum(${logCounts.hot}) < sum(${logCounts.logs}))`,
	);
	const overflowEnd = overflow?.hour == null ? Number.NEGATIVE_INFINITY : overflow.hour + HOUR_MS;
	return Math.min(search.end, Math.max(search.start, horizon, overflowEnd));
}

const levelMaskOf = (filters: LogFilter[]) => {
	const { level } = indexedFilter(filters);
	return level ? 1 << LEVELS.indexOf(level) : 0;
};

async function fromSegments(
	db: RegionDb,
	bucket: R2Bucket,
	search: LogSearch,
	from: number,
	to: number,
	need: number,
	storage: LogsStorage,
) {
	if (from >= to) return { logs: [] as FoundLog[], partial: false };
	const mask = levelMaskOf(search.filters);
	const direction = sql.raw(search.sort === "asc" ? "asc" : "desc");
	const segments = await db.all<{ project_id: number; start_us: number; end_us: number; key: string }>(
		sql`select project_id, start_us, end_us, key from ${logSegments}
		where organization_id = ${search.organizationId}
		and project_id in (${sql.join(
			search.projectIds.map((id) => sql`${id}`),
			sql`, `,
		)})
		and end_us >= ${from * 1000} and start_us < ${to * 1000}
		${mask ? sql`and (level_mask & ${mask}) != 0` : sql``}
		order by end_us ${direction} limit ${storage.maxSegmentsPerQuery + 1}`,
	);
	const partial = segments.length > storage.maxSegmentsPerQuery;
	const found: FoundLog[] = [];
	const before = (a: number, b: number) => (search.sort === "asc" ? a - b : b - a);
	const readable = segments.slice(0, storage.maxSegmentsPerQuery);
	for (let index = 0; index < readable.length; index += SEGMENT_READS_AT_ONCE) {
		const group = readable.slice(index, index + SEGMENT_READS_AT_ONCE);
		const objects = await Promise.all(group.map((segment) => bucket.get(segment.key)));
		for (const [position, object] of objects.entries()) {
			if (!object) continue;
			const projectId = (group[position] as { project_id: number }).project_id;
			for (const log of await decodeSegment(new Uint8Array(await object.arrayBuffer()))) {
				if (log.timestampUs >= from * 1000 && log.timestampUs < to * 1000 && matchesQuery(search.filters, log))
					found.push({ ...log, projectId });
			}
		}
		found.sort((a, b) => before(a.timestampUs, b.timestampUs));
		// Later segments can only add lines after these: keep a page's worth in memory.
		found.length = Math.min(found.length, need);
		const next = readable[index + SEGMENT_READS_AT_ONCE];
		const last = found[need - 1];
		if (last && (!next || (search.sort === "asc" ? next.start_us > last.timestampUs : next.end_us < last.timestampUs)))
			break;
	}
	return { logs: found.slice(0, need), partial };
}

export async function searchLogs(
	db: RegionDb,
	bucket: R2Bucket,
	storage: LogsStorage,
	search: LogSearch,
	now = Date.now(),
): Promise<LogPage> {
	if (!search.projectIds.length || search.start >= search.end) return { logs: [], hasMore: false, partial: false };
	const need = search.offset + search.limit + 1;
	const split = await rowsCompleteFrom(db, search, storage, now);
	const recent = () => fromRows(db, search, split, search.end, need, storage);
	const older = (stillNeeded: number) => fromSegments(db, bucket, search, search.start, split, stillNeeded, storage);
	const first = search.sort === "desc" ? await recent() : await older(need);
	const rest =
		first.logs.length >= need
			? { logs: [], partial: false }
			: search.sort === "desc"
				? await older(need - first.logs.length)
				: await recent();
	const logs = [...first.logs, ...rest.logs].slice(0, need);
	return {
		logs: logs.slice(search.offset, search.offset + search.limit),
		hasMore: logs.length > search.offset + search.limit,
		partial: first.partial || rest.partial,
	};
}
