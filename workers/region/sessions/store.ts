/**
 * Reading release health for a time range cut into slots, grouped by any of project, release and
 * environment: session counters and duration histograms add up per slot in SQL; distinct users are
 * counted in SQL from the day rows' hour masks, so a user seen in many hours or days counts once per
 * slot and once in the totals. Slots either divide a UTC day or are whole days, and start at a
 * multiple of their length, so each slot's hours lie in masks of whole days. Every query is scoped
 * by organization.
 */
import { type AnyColumn, and, eq, gte, inArray, lt, max, notInArray, or, type SQL, sql } from "drizzle-orm";
import { releaseSessions, sessionDurations, sessionUserLevels, sessionUsers } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { DAY, HOUR } from "./counting";
import { addHistogram, type Histogram } from "./durations";
import type { Filter } from "./search";

export type Dimension = "project" | "release" | "environment";

export interface SessionTotals {
	started: number;
	errored: number;
	crashed: number;
	abnormal: number;
	exited: number;
	durationSum: number;
	durationMax: number;
	histogram: Histogram;
}

export interface UserTotals {
	all: number;
	errored: number;
	crashed: number;
	abnormal: number;
	/** Users with a crashed or an abnormal session. */
	fatal: number;
}

export interface GroupData {
	by: { project?: number; release?: string; environment?: string };
	totals: { sessions: SessionTotals; users: UserTotals };
	series: { sessions: SessionTotals[]; users: UserTotals[] };
}

export interface SessionsScope {
	organizationId: number;
	/** Undefined: every project of the organization. */
	projectIds: number[] | undefined;
	environments: string[];
	filter: Filter | undefined;
	start: number;
	end: number;
	interval: number;
	dimensions: Dimension[];
	/** What to read besides the session counters; `userSeries: false` skips the users' series query. */
	read: { users: boolean; userSeries: boolean; durations: boolean };
}

const FULL_DAY = 2 ** 24 - 1;
const HOURS_OF_DAY = sql.raw(
	`(select column1 as h from (values ${Array.from({ length: 24 }, (_, hour) => `(${hour})`).join(", ")})) as hours`,
);

const emptySessions = (): SessionTotals => ({
	started: 0,
	errored: 0,
	crashed: 0,
	abnormal: 0,
	exited: 0,
	durationSum: 0,
	durationMax: 0,
	histogram: new Map(),
});
const emptyUsers = (): UserTotals => ({ all: 0, errored: 0, crashed: 0, abnormal: 0, fatal: 0 });

export const emptyGroup = (by: GroupData["by"], slots: number): GroupData => ({
	by,
	totals: { sessions: emptySessions(), users: emptyUsers() },
	series: { sessions: Array.from({ length: slots }, emptySessions), users: Array.from({ length: slots }, emptyUsers) },
});

export const slotsOf = (scope: Pick<SessionsScope, "start" | "end" | "interval">) =>
	Math.round((scope.end - scope.start) / scope.interval);

type Table = typeof releaseSessions | typeof sessionDurations | typeof sessionUsers;

function dimensionColumns(table: Table, dimensions: Dimension[]) {
	const columns = { project: table.projectId, release: table.release, environment: table.environment };
	return Object.fromEntries(dimensions.map((name) => [name, columns[name]])) as Partial<typeof columns>;
}

function filterSql(table: Table, filter: Filter | undefined): SQL | undefined {
	if (!filter) return undefined;
	return or(
		...filter.map((group) =>
			and(
				...group.map(({ key, values, negated }) =>
					negated ? notInArray(table[key], values) : inArray(table[key], values),
				),
			),
		),
	);
}

function scopeSql(table: Table, scope: SessionsScope, time: SQL | undefined): SQL | undefined {
	return and(
		eq(table.organizationId, scope.organizationId),
		scope.projectIds ? inArray(table.projectId, scope.projectIds) : undefined,
		scope.environments.length ? inArray(table.environment, scope.environments) : undefined,
		filterSql(table, scope.filter),
		time,
	);
}

/**
 * An integer of our own (a time, a mask) written into the SQL rather than bound: the users query
 * has over a hundred of them, and D1 binds at most 100 parameters.
 */
function literal(value: number): SQL {
	if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
	return sql.raw(String(value));
}

const slotSql = (column: AnyColumn, scope: SessionsScope) =>
	sql<number>`cast((${column} - ${literal(scope.start)}) / ${literal(scope.interval)} as integer)`.mapWith(Number);

const total = (column: AnyColumn) => sql<number>`total(${column})`.mapWith(Number);

/** Bits of the hours of `day` that lie in [start, end). */
function hoursInRange(day: number, start: number, end: number): number {
	let mask = 0;
	for (let hour = 0; hour < 24; hour++) {
		const time = day + hour * HOUR;
		if (time >= start && time < end) mask += 2 ** hour;
	}
	return mask;
}

class Groups {
	readonly byKey = new Map<string, GroupData>();
	constructor(
		readonly scope: SessionsScope,
		readonly slots: number,
	) {}

	of(row: GroupData["by"]): GroupData {
		const by = Object.fromEntries(this.scope.dimensions.map((name) => [name, row[name]])) as GroupData["by"];
		const key = JSON.stringify(this.scope.dimensions.map((name) => by[name]));
		let group = this.byKey.get(key);
		if (!group) {
			group = emptyGroup(by, this.slots);
			this.byKey.set(key, group);
		}
		return group;
	}
}

function addSessions(into: SessionTotals, row: Omit<SessionTotals, "histogram">) {
	into.started += row.started;
	into.errored += row.errored;
	into.crashed += row.crashed;
	into.abnormal += row.abnormal;
	into.exited += row.exited;
	into.durationSum += row.durationSum;
	into.durationMax = Math.max(into.durationMax, row.durationMax);
}

async function readCounters(db: RegionDb, scope: SessionsScope, groups: Groups) {
	const table = releaseSessions;
	const slot = slotSql(table.bucket, scope);
	const dimensions = dimensionColumns(table, scope.dimensions);
	const rows = await db
		.select({
			...dimensions,
			slot,
			started: total(table.started),
			errored: total(table.errored),
			crashed: total(table.crashed),
			abnormal: total(table.abnormal),
			exited: total(table.exited),
			durationSum: total(table.durationSum),
			durationMax: sql<number>`max(${table.durationMax})`.mapWith(Number),
		})
		.from(table)
		.where(scopeSql(table, scope, and(gte(table.bucket, new Date(scope.start)), lt(table.bucket, new Date(scope.end)))))
		.groupBy(...Object.values(dimensions), slot);
	for (const row of rows) {
		const group = groups.of(row);
		addSessions(group.totals.sessions, row);
		const slotTotals = group.series.sessions[row.slot];
		if (slotTotals) addSessions(slotTotals, row);
	}
}

async function readDurations(db: RegionDb, scope: SessionsScope, groups: Groups) {
	const table = sessionDurations;
	const slot = slotSql(table.bucket, scope);
	const dimensions = dimensionColumns(table, scope.dimensions);
	const rows = await db
		.select({ ...dimensions, slot, bin: table.bin, count: total(table.count) })
		.from(table)
		.where(scopeSql(table, scope, and(gte(table.bucket, new Date(scope.start)), lt(table.bucket, new Date(scope.end)))))
		.groupBy(...Object.values(dimensions), slot, table.bin);
	for (const row of rows) {
		const group = groups.of(row);
		addHistogram(group.totals.sessions.histogram, row.bin, row.count);
		const slotTotals = group.series.sessions[row.slot];
		if (slotTotals) addHistogram(slotTotals.histogram, row.bin, row.count);
	}
}

/** Distinct users whose masks, cut by `mask`, are not empty: all, errored, crashed, abnormal, fatal. */
function distinctUsers(mask: SQL, suffix: string) {
	const count = (bits: SQL) =>
		sql<number>`count(distinct case when (${bits} & ${mask}) != 0 then ${sessionUsers.userHash} end)`.mapWith(Number);
	return {
		[`all${suffix}`]: count(sql`${sessionUsers.seen}`),
		[`errored${suffix}`]: count(sql`${sessionUsers.errored}`),
		[`crashed${suffix}`]: count(sql`${sessionUsers.crashed}`),
		[`abnormal${suffix}`]: count(sql`${sessionUsers.abnormal}`),
		[`fatal${suffix}`]: count(sql`(${sessionUsers.crashed} | ${sessionUsers.abnormal})`),
	};
}

function usersOf(row: Record<string, unknown>, suffix: string, scale: number): UserTotals {
	const read = (name: string) => Number(row[`${name}${suffix}`] ?? 0) * scale;
	return {
		all: read("all"),
		errored: read("errored"),
		crashed: read("crashed"),
		abnormal: read("abnormal"),
		fatal: read("fatal"),
	};
}

/**
 * Users of the scope. Days whose users are sampled (level L keeps hashes divisible by 2^L) make the
 * whole query count at the highest level among its days, scaled back up by 2^L.
 */
async function readUsers(db: RegionDb, scope: SessionsScope, groups: Groups) {
	const table = sessionUsers;
	const firstDay = Math.floor(scope.start / DAY) * DAY;
	const lastDay = Math.floor((scope.end - 1) / DAY) * DAY;
	const days = and(gte(table.day, new Date(firstDay)), lt(table.day, new Date(lastDay + DAY)));
	const [levels] = await db
		.select({ level: max(sessionUserLevels.level) })
		.from(sessionUserLevels)
		.where(
			and(
				eq(sessionUserLevels.organizationId, scope.organizationId),
				gte(sessionUserLevels.day, new Date(firstDay)),
				lt(sessionUserLevels.day, new Date(lastDay + DAY)),
			),
		);
	const scale = 2 ** (levels?.level ?? 0);
	const where = scopeSql(table, scope, and(days, scale > 1 ? sql`${table.userHash} % ${scale} = 0` : undefined));
	const dimensions = dimensionColumns(table, scope.dimensions);
	const rangeMask = sql`case ${table.day} when ${literal(firstDay)} then ${literal(hoursInRange(firstDay, scope.start, scope.end))}
		when ${literal(lastDay)} then ${literal(hoursInRange(lastDay, scope.start, scope.end))} else ${literal(FULL_DAY)} end`;
	const totals = await db
		.select({ ...dimensions, ...distinctUsers(rangeMask, "") })
		.from(table)
		.where(where)
		.groupBy(...Object.values(dimensions));
	for (const row of totals) groups.of(row).totals.users = usersOf(row, "", scale);
	if (!scope.read.userSeries) return;
	if (scope.interval >= DAY) {
		const slot = slotSql(table.day, scope);
		const rows = await db
			.select({ ...dimensions, slot, ...distinctUsers(literal(FULL_DAY), "") })
			.from(table)
			.where(where)
			.groupBy(...Object.values(dimensions), slot);
		for (const row of rows) {
			const group = groups.of(row);
			if (row.slot in group.series.users) group.series.users[row.slot] = usersOf(row, "", scale);
		}
		return;
	}
	// One row per user and hour of the day it was seen, so each slot counts its users once.
	const hour = sql`hours.h`;
	const part = sql<number>`(hours.h / ${literal(scope.interval / HOUR)})`.mapWith(Number);
	const rows = await db
		.select({ ...dimensions, day: table.day, part, ...distinctUsers(sql`(1 << hours.h)`, "") })
		.from(table)
		.innerJoin(HOURS_OF_DAY, sql`((${table.seen} >> ${hour}) & 1) = 1`)
		.where(where)
		.groupBy(...Object.values(dimensions), table.day, part);
	for (const row of rows) {
		const slot = (row.day.getTime() + row.part * scope.interval - scope.start) / scope.interval;
		if (slot >= 0 && slot < groups.slots) {
			const slotUsers = groups.of(row).series.users;
			slotUsers[slot] = usersOf(row, "", scale);
		}
	}
}

/** Release health of `scope`, per group: totals over the range and a series of its slots. */
export async function readSessions(db: RegionDb, scope: SessionsScope): Promise<GroupData[]> {
	const groups = new Groups(scope, slotsOf(scope));
	await readCounters(db, scope, groups);
	if (scope.read.durations) await readDurations(db, scope, groups);
	if (scope.read.users) await readUsers(db, scope, groups);
	return [...groups.byKey.values()];
}
