/**
 * The sessions API's answer from the groups read (Sentry's metrics_sessions_v2): each field per
 * group and slot, `session.status` exploded into healthy / errored / crashed / abnormal groups,
 * rates as fractions 0–1 (`null` without sessions), durations in milliseconds, groups ordered by the
 * primary field and paged.
 */

import { quantileOf } from "./durations";
import type { Field, SessionsQuery } from "./query";
import type { GroupData, SessionTotals, UserTotals } from "./store";

const STATUSES = ["abnormal", "crashed", "errored", "healthy"] as const;
type Status = (typeof STATUSES)[number];
type Value = number | null;

const QUANTILES: Partial<Record<Field, number>> = {
	"p50(session.duration)": 0.5,
	"p75(session.duration)": 0.75,
	"p90(session.duration)": 0.9,
	"p95(session.duration)": 0.95,
	"p99(session.duration)": 0.99,
};

const ratio = (part: number, whole: number): Value => (whole ? part / whole : null);

function sessionsOf(sessions: SessionTotals, status: Status | undefined): number {
	switch (status) {
		case "healthy":
			return Math.max(sessions.started - sessions.errored, 0);
		case "errored":
			return Math.max(sessions.errored - sessions.crashed - sessions.abnormal, 0);
		case "crashed":
			return sessions.crashed;
		case "abnormal":
			return sessions.abnormal;
		default:
			return sessions.started;
	}
}

function usersOf(users: UserTotals, status: Status | undefined): number {
	switch (status) {
		case "healthy":
			return Math.max(users.all - users.errored, 0);
		case "errored":
			return Math.max(users.errored - users.fatal, 0);
		case "crashed":
			return users.crashed;
		case "abnormal":
			return users.abnormal;
		default:
			return users.all;
	}
}

/** Durations are of exited (healthy) sessions: every other status group has none. */
function durationOf(field: Field, sessions: SessionTotals, status: Status | undefined): Value {
	if (status !== undefined && status !== "healthy") return null;
	if (!sessions.exited) return null;
	if (field === "avg(session.duration)") return (sessions.durationSum / sessions.exited) * 1000;
	if (field === "max(session.duration)") return sessions.durationMax * 1000;
	const seconds = quantileOf(sessions.histogram, QUANTILES[field] as number, sessions.durationMax);
	return seconds === null ? null : seconds * 1000;
}

export function fieldValue(field: Field, sessions: SessionTotals, users: UserTotals, status?: Status): Value {
	switch (field) {
		case "sum(session)":
			return sessionsOf(sessions, status);
		case "count_unique(user)":
			return usersOf(users, status);
		case "crash_rate(session)":
			return ratio(sessions.crashed, sessions.started);
		case "crash_free_rate(session)":
			return sessions.started ? 1 - sessions.crashed / sessions.started : null;
		case "crash_rate(user)":
			return ratio(users.crashed, users.all);
		case "crash_free_rate(user)":
			return users.all ? 1 - users.crashed / users.all : null;
		default:
			return durationOf(field, sessions, status);
	}
}

function outputGroup(query: SessionsQuery, group: GroupData, status: Status | undefined) {
	const totals = Object.fromEntries(
		query.fields.map((field) => [field, fieldValue(field, group.totals.sessions, group.totals.users, status)]),
	);
	const series = Object.fromEntries(
		query.fields.map((field) => [
			field,
			group.series.sessions.map((sessions, slot) =>
				fieldValue(field, sessions, group.series.users[slot] as UserTotals, status),
			),
		]),
	);
	return {
		by: status ? { ...group.by, "session.status": status } : group.by,
		...(query.include.totals ? { totals } : {}),
		...(query.include.series ? { series } : {}),
	};
}

/** Sentry orders groups by the first field, or sum(session) when asked for, largest first. */
function primaryField(query: SessionsQuery): Field {
	return query.fields.includes("sum(session)") ? "sum(session)" : (query.fields[0] as Field);
}

function ordered(query: SessionsQuery, groups: GroupData[]): GroupData[] {
	const field = query.orderBy?.field ?? primaryField(query);
	const descending = query.orderBy ? query.orderBy.descending : true;
	const sortValue = (group: GroupData) => fieldValue(field, group.totals.sessions, group.totals.users);
	return [...groups].sort((a, b) => {
		const [x, y] = [sortValue(a), sortValue(b)];
		if (x !== y) {
			if (x === null) return 1;
			if (y === null) return -1;
			return descending ? y - x : x - y;
		}
		return JSON.stringify(a.by) < JSON.stringify(b.by) ? -1 : 1;
	});
}

const isoSeconds = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");

export function sessionsAnswer(
	query: SessionsQuery,
	groups: GroupData[],
	page: { offset: number; limit: number },
	empty: GroupData,
) {
	const slots = groups[0]?.series.sessions.length ?? empty.series.sessions.length;
	const paged = ordered(query, groups).slice(page.offset, page.offset + page.limit);
	// As Sentry: no data still answers one group without groupBy, or the four statuses by status alone.
	const shown = paged.length || query.dimensions.length ? paged : [empty];
	const output = shown.flatMap((group) =>
		query.byStatus
			? STATUSES.map((status) => outputGroup(query, group, status))
			: [outputGroup(query, group, undefined)],
	);
	return {
		start: isoSeconds(query.start),
		end: isoSeconds(query.end),
		intervals: Array.from({ length: slots }, (_, slot) => isoSeconds(query.start + slot * query.interval)),
		groups: output,
		query: query.query,
	};
}
