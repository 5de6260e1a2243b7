/**
 * What the Web API reads and changes of monitors: pages of them with their environments and open
 * incidents (with the incident's issue), and the changes a PUT makes (a disabled monitor is never
 * due; enabling it or changing its schedule expects it anew from now). Scoped by organization.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import {
	groups,
	type MonitorConfig,
	monitorEnvironments,
	monitorIncidents,
	monitors,
	projects,
} from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { marginOf, scheduleOfConfig, timezoneOf } from "./config";
import { nextSchedule } from "./schedule";
import { type ActiveIncident, serializeEnvironment, serializeMonitor } from "./serializers";
import type { Monitor, MonitorEnvironment } from "./store";

async function incidentsOf(db: RegionDb, organizationId: number, environmentIds: string[]) {
	const found = new Map<string, ActiveIncident>();
	for (const slice of slicesOf(environmentIds, IN_LIST_LIMIT)) {
		const rows = await db
			.select({
				environmentId: monitorIncidents.monitorEnvironmentId,
				startingTimestamp: monitorIncidents.startingTimestamp,
				issueId: groups.id,
			})
			.from(monitorIncidents)
			.leftJoin(
				groups,
				and(eq(groups.projectId, monitorIncidents.projectId), eq(groups.hash, monitorIncidents.grouphash)),
			)
			.where(
				and(
					eq(monitorIncidents.organizationId, organizationId),
					inArray(monitorIncidents.monitorEnvironmentId, slice),
					isNull(monitorIncidents.resolvingCheckInId),
				),
			);
		for (const row of rows) found.set(row.environmentId, row);
	}
	return found;
}

/** Monitors in Sentry's shape, with their environments (only `environmentNames`, when given). */
export async function serializeMonitors(db: RegionDb, rows: Monitor[], environmentNames: string[] = []) {
	if (!rows.length) return [];
	const organizationId = (rows[0] as Monitor).organizationId;
	const environments: MonitorEnvironment[] = [];
	for (const slice of slicesOf(
		rows.map((row) => row.id),
		IN_LIST_LIMIT,
	)) {
		environments.push(
			...(await db
				.select()
				.from(monitorEnvironments)
				.where(
					and(
						eq(monitorEnvironments.organizationId, organizationId),
						inArray(monitorEnvironments.monitorId, slice),
						environmentNames.length ? inArray(monitorEnvironments.environment, environmentNames) : undefined,
					),
				)),
		);
	}
	const incidents = await incidentsOf(
		db,
		organizationId,
		environments.map((environment) => environment.id),
	);
	const projectRows = await db
		.select()
		.from(projects)
		.where(
			and(
				eq(projects.organizationId, organizationId),
				inArray(projects.id, [...new Set(rows.map((row) => row.projectId))]),
			),
		);
	const projectOf = new Map(projectRows.map((project) => [project.id, project]));
	return rows.map((monitor) => {
		const own = environments
			.filter((environment) => environment.monitorId === monitor.id)
			.sort((a, b) => (b.lastCheckIn?.getTime() ?? 0) - (a.lastCheckIn?.getTime() ?? 0))
			.map((environment) => serializeEnvironment(monitor, environment, incidents.get(environment.id)));
		return serializeMonitor(monitor, projectOf.get(monitor.projectId) as typeof projects.$inferSelect, own);
	});
}

/** Expects the monitor's environments anew from `now` (or never, while it is disabled). */
export async function rescheduleEnvironments(db: RegionDb, monitor: Monitor, now: number) {
	const rows = await db
		.select()
		.from(monitorEnvironments)
		.where(
			and(
				eq(monitorEnvironments.organizationId, monitor.organizationId),
				eq(monitorEnvironments.monitorId, monitor.id),
			),
		);
	const schedule = scheduleOfConfig(monitor.config);
	const next = nextSchedule(schedule, now, timezoneOf(monitor.config));
	for (const environment of rows.filter((row) => row.lastCheckIn !== null)) {
		const active = monitor.status === "active" && next !== undefined;
		await db
			.update(monitorEnvironments)
			.set({
				nextCheckIn: next === undefined ? null : new Date(next),
				nextCheckInLatest: active ? new Date((next as number) + marginOf(monitor.config) * 60_000) : null,
			})
			.where(
				and(eq(monitorEnvironments.id, environment.id), eq(monitorEnvironments.organizationId, monitor.organizationId)),
			);
	}
}

/** Whether a configuration change moves when the monitor is expected. */
export const changesSchedule = (before: MonitorConfig, after: MonitorConfig) =>
	JSON.stringify([before.schedule, before.schedule_type, before.timezone, before.checkin_margin]) !==
	JSON.stringify([after.schedule, after.schedule_type, after.timezone, after.checkin_margin]);

/** A monitor by its slug or, as Sentry also accepts, its id. */
export const monitorBySlugOrId = (db: RegionDb, organizationId: number, slugOrId: string) =>
	db.query.monitors.findFirst({
		where: and(
			eq(monitors.organizationId, organizationId),
			or(eq(monitors.slug, slugOrId), eq(monitors.id, slugOrId.replace(/-/g, "").toLowerCase())),
		),
	});
