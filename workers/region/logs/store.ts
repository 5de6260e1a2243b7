/**
 * What one ingest batch writes for its logs, per project: every log into one R2 segment with its
 * index row; as many as the project's hourly row budget allows (and only those of the hot window)
 * into `log_items`, a few multi-row inserts of JSON instead of a statement per log; and the counts
 * per hour and level, which say for each hour whether its rows are complete.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { logCounts, logItems, logSegments } from "../../../schema/region";
import { IN_LIST_LIMIT, slicesOf } from "../../lib/db";
import type { ItemContext, WritePlan } from "../ingest";
import { logsStorageOf } from "./config";
import type { StoredLog } from "./normalize";
import { encodeSegment, levelMask, SEGMENT_CONTENT_TYPE, segmentKey } from "./segments";

export interface CollectedLog {
	organizationId: number;
	projectId: number;
	log: StoredLog;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Logs per multi-row insert: its one JSON parameter stays far below D1's 2 MB per value. */
const ROWS_PER_INSERT = 250;

export const hourOf = (timestampUs: number) => Math.floor(timestampUs / 1000 / HOUR_MS) * HOUR_MS;

function groupBy<T>(items: T[], key: (item: T) => string | number): Map<string | number, T[]> {
	const groups = new Map<string | number, T[]>();
	for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
	return groups;
}

/** Rows each hour of these logs may still add, from the counts already stored. */
async function rowBudgets(ctx: ItemContext, organizationId: number, projectId: number, hours: number[]) {
	const { hotRowsPerHour } = logsStorageOf(ctx.env);
	// A hostile batch may spread its logs over many hours: ask in slices D1 can bind.
	const stored: { hour: Date; hot: number }[] = [];
	for (const slice of slicesOf(hours, IN_LIST_LIMIT)) {
		stored.push(
			...(await ctx.db
				.select({ hour: logCounts.hour, hot: sql<number>`sum(${logCounts.hot})` })
				.from(logCounts)
				.where(
					and(
						eq(logCounts.organizationId, organizationId),
						eq(logCounts.projectId, projectId),
						inArray(
							logCounts.hour,
							slice.map((hour) => new Date(hour)),
						),
					),
				)
				.groupBy(logCounts.hour)),
		);
	}
	const used = new Map(stored.map((row) => [row.hour.getTime(), Number(row.hot)]));
	return new Map(hours.map((hour) => [hour, Math.max(0, hotRowsPerHour - (used.get(hour) ?? 0))]));
}

function planRows(ctx: ItemContext, plan: WritePlan, organizationId: number, projectId: number, rows: StoredLog[]) {
	for (const slice of slicesOf(rows, ROWS_PER_INSERT)) {
		const json = JSON.stringify(
			slice.map((log) => ({
				t: log.timestampUs,
				i: log.itemId,
				r: log.traceId,
				s: log.spanId ?? null,
				l: log.level,
				n: log.severityNumber,
				b: log.body,
				a: JSON.stringify(log.attributes),
			})),
		);
		// Columns in the table's order, as an insert from a select needs them (null: a new id).
		plan.run(
			ctx.db.insert(logItems).select(
				sql`select null, ${organizationId}, ${projectId}, json_extract(value, '$.t'), json_extract(value, '$.i'),
					json_extract(value, '$.r'), json_extract(value, '$.s'), json_extract(value, '$.l'),
					json_extract(value, '$.n'), json_extract(value, '$.b'), json_extract(value, '$.a')
				from json_each(${json})`,
			),
		);
	}
}

function planCounts(
	ctx: ItemContext,
	plan: WritePlan,
	organizationId: number,
	projectId: number,
	logs: StoredLog[],
	hot: Set<StoredLog>,
) {
	const counts = new Map<string, { hour: number; level: string; logs: number; hot: number }>();
	for (const log of logs) {
		const hour = hourOf(log.timestampUs);
		const entry = counts.get(`${hour}:${log.level}`) ?? { hour, level: log.level, logs: 0, hot: 0 };
		entry.logs++;
		if (hot.has(log)) entry.hot++;
		counts.set(`${hour}:${log.level}`, entry);
	}
	for (const count of counts.values()) {
		plan.run(
			ctx.db
				.insert(logCounts)
				.values({ organizationId, projectId, ...count, hour: new Date(count.hour) })
				.onConflictDoUpdate({
					target: [logCounts.organizationId, logCounts.projectId, logCounts.hour, logCounts.level],
					set: { logs: sql`${logCounts.logs} + excluded.logs`, hot: sql`${logCounts.hot} + excluded.hot` },
				}),
		);
	}
}

async function planSegment(
	ctx: ItemContext,
	plan: WritePlan,
	organizationId: number,
	projectId: number,
	logs: StoredLog[],
) {
	const first = logs[0] as StoredLog;
	const last = logs.at(-1) as StoredLog;
	const body = await encodeSegment(logs);
	const key = segmentKey(organizationId, projectId, first.timestampUs, first.itemId);
	plan.put(key, body, SEGMENT_CONTENT_TYPE);
	plan.run(
		ctx.db
			.insert(logSegments)
			.values({
				organizationId,
				projectId,
				startUs: first.timestampUs,
				endUs: last.timestampUs,
				logs: logs.length,
				bytes: body.byteLength,
				levelMask: levelMask(logs.map((log) => log.level)),
				key,
			})
			.onConflictDoNothing(),
	);
}

/** The writes of a plan's collected logs, added to `plan` (`ctx` gives the database and settings). */
export async function planLogs(ctx: ItemContext, plan: WritePlan, collected: CollectedLog[]): Promise<void> {
	const hotSince = (ctx.receivedAt - logsStorageOf(ctx.env).hotDays * DAY_MS) * 1000;
	for (const group of groupBy(collected, (entry) => `${entry.organizationId}:${entry.projectId}`).values()) {
		const { organizationId, projectId } = group[0] as CollectedLog;
		const logs = group.map((entry) => entry.log).sort((a, b) => a.timestampUs - b.timestampUs);
		const byHour = groupBy(logs, (log) => hourOf(log.timestampUs));
		const budgets = await rowBudgets(ctx, organizationId, projectId, [...byHour.keys()] as number[]);
		const hot = new Set<StoredLog>();
		for (const [hour, hourLogs] of byHour) {
			const recent = hourLogs.filter((log) => log.timestampUs >= hotSince);
			for (const log of recent.slice(0, budgets.get(hour as number) ?? 0)) hot.add(log);
		}
		planRows(
			ctx,
			plan,
			organizationId,
			projectId,
			logs.filter((log) => hot.has(log)),
		);
		planCounts(ctx, plan, organizationId, projectId, logs, hot);
		await planSegment(ctx, plan, organizationId, projectId, logs);
	}
}
