/** Monitors, their environments and check-ins in the JSON shapes of Sentry's monitor serializers. */
import type { monitorProcessingErrors, projects } from "../../../schema/region";
import type { CheckIn, Monitor, MonitorEnvironment } from "./store";

/** Sentry prints monitor and check-in ids as dashed UUIDs. */
export const dashed = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
const iso = (date: Date | null) => date?.toISOString() ?? null;

export interface ActiveIncident {
	startingTimestamp: Date;
	/** Faultline's addition: the incident's issue, once it exists. */
	issueId: number | null;
}

export function serializeEnvironment(
	monitor: Monitor,
	environment: MonitorEnvironment,
	incident: ActiveIncident | undefined,
) {
	return {
		name: environment.environment,
		status: environment.status,
		isMuted: monitor.isMuted,
		dateCreated: iso(environment.dateCreated),
		lastCheckIn: iso(environment.lastCheckIn),
		nextCheckIn: iso(environment.nextCheckIn),
		nextCheckInLatest: iso(environment.nextCheckInLatest),
		activeIncident: incident
			? {
					startingTimestamp: iso(incident.startingTimestamp),
					resolvingTimestamp: null,
					brokenNotice: null,
					issueId: incident.issueId === null ? null : String(incident.issueId),
				}
			: null,
	};
}

export function serializeMonitor(
	monitor: Monitor,
	project: typeof projects.$inferSelect,
	environments: ReturnType<typeof serializeEnvironment>[],
) {
	return {
		id: dashed(monitor.id),
		name: monitor.name,
		slug: monitor.slug,
		status: monitor.status,
		isMuted: monitor.isMuted,
		type: "cron_job",
		config: { ...monitor.config, timezone: monitor.config.timezone ?? "UTC" },
		dateCreated: iso(monitor.dateCreated),
		project: { id: String(project.id), slug: project.slug, name: project.name, platform: project.platform },
		environments,
	};
}

export function serializeCheckIn(checkIn: CheckIn, environment: string) {
	return {
		id: dashed(checkIn.guid),
		environment,
		status: checkIn.status,
		duration: checkIn.durationMs,
		dateCreated: iso(checkIn.dateAdded),
		dateAdded: iso(checkIn.dateAdded),
		dateUpdated: iso(checkIn.dateUpdated),
		expectedTime: iso(checkIn.expectedTime),
		attachmentId: null,
		monitorConfig: checkIn.monitorConfig,
	};
}

export function serializeProcessingError(row: typeof monitorProcessingErrors.$inferSelect) {
	return {
		id: row.id,
		checkin: { ts: iso(row.dateCreated), projectId: String(row.projectId), payload: row.checkIn },
		errors: row.errors,
	};
}
