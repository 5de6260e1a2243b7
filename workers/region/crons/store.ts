/**
 * Monitors, environments, check-ins and incidents as one ingest batch sees them (batch.ts), and the
 * statements that change them. Every read is scoped by organization; every update names the state
 * it expects (a check-in's previous status, an environment's last check-in), so two writers racing
 * on a row cannot move it backwards.
 */
import { and, desc, eq, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
	type CheckInStatus,
	monitorCheckIns,
	monitorEnvironments,
	monitorIncidents,
	monitors,
} from "../../../schema/region";
import type { CronBatch } from "./batch";

export type Monitor = typeof monitors.$inferSelect;
export type MonitorEnvironment = typeof monitorEnvironments.$inferSelect;
export type CheckIn = typeof monitorCheckIns.$inferSelect;
export type Incident = typeof monitorIncidents.$inferSelect;

const key = {
	monitor: (organizationId: number, slug: string) => `monitor:${organizationId}:${slug}`,
	environment: (monitorId: string, name: string) => `environment:${monitorId}:${name}`,
	checkIn: (id: string) => `check-in:${id}`,
	guid: (monitorId: string, guid: string) => `guid:${monitorId}:${guid}`,
	planned: (environmentId: string) => `planned:${environmentId}`,
	incident: (environmentId: string) => `incident:${environmentId}`,
};

export function monitorBySlug(batch: CronBatch, organizationId: number, slug: string) {
	return batch.read<Monitor>(key.monitor(organizationId, slug), () =>
		batch.db.query.monitors.findFirst({
			where: and(eq(monitors.organizationId, organizationId), eq(monitors.slug, slug)),
		}),
	);
}

export function saveMonitor(batch: CronBatch, monitor: Monitor, created: boolean) {
	const { db } = batch;
	const statement = created
		? db.insert(monitors).values(monitor).onConflictDoNothing()
		: db
				.update(monitors)
				.set({ config: monitor.config })
				.where(and(eq(monitors.id, monitor.id), eq(monitors.organizationId, monitor.organizationId)));
	batch.write(key.monitor(monitor.organizationId, monitor.slug), monitor, [statement]);
}

export function environmentOf(batch: CronBatch, monitor: Monitor, name: string) {
	return batch.read<MonitorEnvironment>(key.environment(monitor.id, name), () =>
		batch.db.query.monitorEnvironments.findFirst({
			where: and(
				eq(monitorEnvironments.organizationId, monitor.organizationId),
				eq(monitorEnvironments.monitorId, monitor.id),
				eq(monitorEnvironments.environment, name),
			),
		}),
	);
}

export async function environmentCount(batch: CronBatch, monitor: Monitor): Promise<number> {
	const rows = await batch.db
		.select({ id: monitorEnvironments.id })
		.from(monitorEnvironments)
		.where(
			and(
				eq(monitorEnvironments.organizationId, monitor.organizationId),
				eq(monitorEnvironments.monitorId, monitor.id),
			),
		);
	return rows.length;
}

/**
 * Plans the environment as `next`. An existing row is updated only if storage's last check-in is
 * not newer than `unlessNewerThan` (Sentry's guards in mark_ok and mark_failed).
 */
export function saveEnvironment(batch: CronBatch, next: MonitorEnvironment, created: boolean, unlessNewerThan?: Date) {
	const { db } = batch;
	const { id, organizationId, ...fields } = next;
	const guard: SQL | undefined =
		unlessNewerThan === undefined
			? undefined
			: or(isNull(monitorEnvironments.lastCheckIn), lte(monitorEnvironments.lastCheckIn, unlessNewerThan));
	const statement = created
		? db.insert(monitorEnvironments).values(next).onConflictDoNothing()
		: db
				.update(monitorEnvironments)
				.set(fields)
				.where(and(eq(monitorEnvironments.id, id), eq(monitorEnvironments.organizationId, organizationId), guard));
	batch.write(key.environment(next.monitorId, next.environment), next, [statement]);
}

function knowCheckIns(batch: CronBatch, rows: CheckIn[]) {
	for (const row of rows) batch.know(key.checkIn(row.id), row);
}

/** Check-ins of the environment: those of `stored` plus the ones this batch planned, as the batch sees them. */
function withPlanned(batch: CronBatch, environmentId: string, stored: CheckIn[]): CheckIn[] {
	knowCheckIns(batch, stored);
	const ids = new Set([...stored.map((row) => row.id), ...(batch.peek<string[]>(key.planned(environmentId)) ?? [])]);
	return [...ids]
		.map((id) => batch.peek<CheckIn>(key.checkIn(id)))
		.filter((row): row is CheckIn => row !== undefined)
		.sort((a, b) => b.dateAdded.getTime() - a.dateAdded.getTime());
}

export async function checkInByGuid(batch: CronBatch, monitor: Monitor, guid: string): Promise<CheckIn | undefined> {
	const id = await batch.read<string>(key.guid(monitor.id, guid), async () => {
		const row = await batch.db.query.monitorCheckIns.findFirst({
			where: and(
				eq(monitorCheckIns.organizationId, monitor.organizationId),
				eq(monitorCheckIns.monitorId, monitor.id),
				eq(monitorCheckIns.guid, guid),
			),
		});
		if (row) batch.know(key.checkIn(row.id), row);
		return row?.id;
	});
	return id === undefined ? undefined : batch.peek<CheckIn>(key.checkIn(id));
}

const ofEnvironment = (environment: MonitorEnvironment) =>
	and(
		eq(monitorCheckIns.organizationId, environment.organizationId),
		eq(monitorCheckIns.monitorEnvironmentId, environment.id),
	);

/** The environment's newest check-ins added at or before `until`, newest first. */
export async function recentCheckIns(batch: CronBatch, environment: MonitorEnvironment, count: number, until: Date) {
	const stored = await batch.db
		.select()
		.from(monitorCheckIns)
		.where(and(ofEnvironment(environment), lte(monitorCheckIns.dateAdded, until)))
		.orderBy(desc(monitorCheckIns.dateAdded))
		.limit(count);
	return withPlanned(batch, environment.id, stored)
		.filter((row) => row.dateAdded <= until)
		.slice(0, count);
}

/** The newest check-in of the environment with one of `statuses`. */
export async function latestCheckIn(batch: CronBatch, environment: MonitorEnvironment, statuses: CheckInStatus[]) {
	const stored = await batch.db
		.select()
		.from(monitorCheckIns)
		.where(and(ofEnvironment(environment), inArray(monitorCheckIns.status, statuses)))
		.orderBy(desc(monitorCheckIns.dateAdded))
		.limit(1);
	return withPlanned(batch, environment.id, stored).find((row) => statuses.includes(row.status));
}

/** Plans the check-in as `next`; an update applies only while storage still has `previous`'s status. */
export function saveCheckIn(batch: CronBatch, next: CheckIn, previous?: CheckIn) {
	const { db } = batch;
	const { id, organizationId, ...fields } = next;
	const statement = previous
		? db
				.update(monitorCheckIns)
				.set(fields)
				.where(
					and(
						eq(monitorCheckIns.id, id),
						eq(monitorCheckIns.organizationId, organizationId),
						eq(monitorCheckIns.status, previous.status),
					),
				)
		: db.insert(monitorCheckIns).values(next).onConflictDoNothing();
	batch.write(key.checkIn(id), next, [statement]);
	if (!previous) {
		batch.note(key.guid(next.monitorId, next.guid), id, statement);
		const planned = batch.peek<string[]>(key.planned(next.monitorEnvironmentId)) ?? [];
		batch.note(key.planned(next.monitorEnvironmentId), [...planned, id], statement);
	}
}

export function openIncident(batch: CronBatch, environment: MonitorEnvironment) {
	return batch.read<Incident>(key.incident(environment.id), () =>
		batch.db.query.monitorIncidents.findFirst({
			where: and(
				eq(monitorIncidents.organizationId, environment.organizationId),
				eq(monitorIncidents.monitorEnvironmentId, environment.id),
				isNull(monitorIncidents.resolvingCheckInId),
			),
		}),
	);
}

/** Plans a new incident, or the resolution of `incident` (with the statements resolving its issue). */
export function saveIncident(
	batch: CronBatch,
	incident: Incident,
	created: boolean,
	alsoRun: BatchItem<"sqlite">[] = [],
) {
	const { db } = batch;
	const statement = created
		? db.insert(monitorIncidents).values(incident)
		: db
				.update(monitorIncidents)
				.set({ resolvingCheckInId: incident.resolvingCheckInId, resolvingTimestamp: incident.resolvingTimestamp })
				.where(and(eq(monitorIncidents.id, incident.id), eq(monitorIncidents.organizationId, incident.organizationId)));
	const open = incident.resolvingCheckInId === null ? incident : undefined;
	batch.write(key.incident(incident.monitorEnvironmentId), open, [statement, ...alsoRun]);
}
