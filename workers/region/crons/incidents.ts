/**
 * Incidents, as Sentry's monitors/logic/incidents.py: `failure_issue_threshold` consecutive failed
 * check-ins (none of them ok) open an incident and its issue, "Monitor failure: <name>", of group
 * type `cron`; while it is open every further failure adds an event to that issue. The event goes
 * through the ingest write plan like any other, so the issue is upserted with its activity and
 * counters and the existing alert rules see it. `recovery_threshold` consecutive ok check-ins
 * resolve the incident and its issue (with `set_resolved` activity). A muted monitor records its
 * incidents but opens no issue.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { groupActivity, groups } from "../../../schema/region";
import { randomHex } from "../../lib/crypto";
import { type ItemContext, normalizeEvent } from "../ingest";
import type { CronBatch } from "./batch";
import { failureThresholdOf, recoveryThresholdOf } from "./config";
import {
	type CheckIn,
	type Incident,
	latestCheckIn,
	type Monitor,
	type MonitorEnvironment,
	openIncident,
	recentCheckIns,
	saveIncident,
} from "./store";

const FAILURE_WORDS: Record<string, string> = { error: "error", missed: "missed", timeout: "timeout" };

/** Sentry's get_failure_reason: "A missed check-in was detected", "2 error and 1 timeout check-ins detected". */
export function failureReason(failed: CheckIn[]): string {
	const counts = new Map<string, number>();
	for (const { status } of failed) if (FAILURE_WORDS[status]) counts.set(status, (counts.get(status) ?? 0) + 1);
	const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
	if (total === 1) {
		const [status] = [...counts.keys()];
		return `${status === "error" ? "An" : "A"} ${status} check-in was detected`;
	}
	const parts = [...counts].map(([status, count]) => `${count} ${status}`);
	const listed = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "0 failed");
	return `${listed} check-ins detected`;
}

/** The incident's issue event, planned as the ingest consumer plans events. */
async function planIncidentEvent(
	ctx: ItemContext,
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	incident: Incident,
	failed: CheckIn[],
	now: number,
) {
	// The message's own event id is the one post-processing (alert rules) looks at.
	const eventId = ctx.knownEventIds.has(ctx.eventId) ? randomHex(16) : ctx.eventId;
	const lastOk = await latestCheckIn(batch, environment, ["ok"]);
	const title = `Monitor failure: ${monitor.name}`;
	const reason = failureReason(failed);
	const event = normalizeEvent(
		{
			level: "error",
			platform: "other",
			environment: environment.environment,
			timestamp: now / 1000,
			logentry: { formatted: title },
			culprit: "",
			tags: { "monitor.id": monitor.id, "monitor.slug": monitor.slug, "monitor.incident": incident.id },
			contexts: {
				monitor: {
					id: monitor.id,
					slug: monitor.slug,
					name: monitor.name,
					config: monitor.config,
					status: environment.status,
					environment: environment.environment,
					failure_reason: reason,
					last_successful_check_in: lastOk ? lastOk.dateAdded.toISOString() : "Never",
				},
			},
			fingerprint: [incident.grouphash],
		},
		{ eventId, receivedAt: now, retentionDays: ctx.retentionDays },
	);
	const metadata = { title, value: reason };
	const bodyKey = `${ctx.organizationId}/${ctx.projectId}/${eventId}.json`;
	const body = { ...event, title, culprit: "", metadata, hashes: [incident.grouphash], type: "generic" };
	ctx.plan.put(bodyKey, JSON.stringify(body));
	ctx.plan.events.push({
		organizationId: ctx.organizationId,
		projectId: ctx.projectId,
		eventId,
		timestamp: now,
		receivedAt: now,
		event: body,
		grouping: {
			hash: incident.grouphash,
			components: [incident.grouphash],
			title,
			culprit: "",
			type: "cron",
			metadata,
		},
		userKey: undefined,
		bodyKey,
	});
	ctx.knownEventIds.add(eventId);
}

/**
 * After a failed check-in: opens an incident when the threshold is reached, or adds to the open
 * one. Returns the environment's status afterwards.
 */
export async function tryIncidentThreshold(
	ctx: ItemContext,
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	failed: CheckIn,
	now: number,
): Promise<MonitorEnvironment["status"]> {
	const threshold = failureThresholdOf(monitor.config);
	let incident: Incident | undefined;
	let failures: CheckIn[];
	if (environment.status === "error") {
		incident = await openIncident(batch, environment);
		failures = [failed];
	} else {
		failures = threshold === 1 ? [failed] : await recentCheckIns(batch, environment, threshold, failed.dateAdded);
		// Fewer check-ins than the threshold are not yet that many consecutive failures.
		if (failures.length < threshold || failures.some((checkIn) => checkIn.status === "ok")) return environment.status;
		incident = await openIncident(batch, environment);
		if (!incident) {
			const starting = failures.at(-1) as CheckIn;
			incident = {
				id: randomHex(16),
				organizationId: environment.organizationId,
				projectId: environment.projectId,
				monitorId: monitor.id,
				monitorEnvironmentId: environment.id,
				startingCheckInId: starting.id,
				startingTimestamp: starting.dateAdded,
				resolvingCheckInId: null,
				resolvingTimestamp: null,
				grouphash: randomHex(16),
			};
			saveIncident(batch, incident, true);
		}
	}
	if (incident && !monitor.isMuted) {
		await planIncidentEvent(ctx, batch, monitor, { ...environment, status: "error" }, incident, failures, now);
	}
	return "error";
}

/** Statements resolving the incident's issue, with its activity, unless it is resolved already. */
function resolveIssue(batch: CronBatch, incident: Incident, activityId: string, at: Date): BatchItem<"sqlite">[] {
	const issue = and(
		eq(groups.organizationId, incident.organizationId),
		eq(groups.projectId, incident.projectId),
		eq(groups.hash, incident.grouphash),
	);
	return [
		batch.db
			.insert(groupActivity)
			.select(
				sql`select null, ${groups.id}, 'set_resolved', ${activityId}, ${at.getTime()}, null, '{}' from ${groups}
				where ${and(issue, ne(groups.status, "resolved"))}`,
			)
			.onConflictDoNothing(),
		batch.db
			.update(groups)
			.set({ status: "resolved", substatus: null, resolvedAt: at })
			.where(and(issue, ne(groups.status, "resolved"))),
	];
}

/** After an ok check-in: whether the environment has recovered (resolving its incident and issue). */
export async function tryIncidentResolution(
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	ok: CheckIn,
): Promise<boolean> {
	if (environment.status === "ok" || ok.status !== "ok") return false;
	const threshold = recoveryThresholdOf(monitor.config);
	if (threshold > 1) {
		const recent = await recentCheckIns(batch, environment, threshold, ok.dateAdded);
		// Recovering from an incident takes that many ok check-ins; a new environment's first ones count as they come.
		const tooFew = environment.status === "error" && recent.length < threshold;
		if (tooFew || recent.some((checkIn) => checkIn.status !== "ok")) return false;
	}
	const incident = await openIncident(batch, environment);
	if (incident) {
		const resolved = { ...incident, resolvingCheckInId: ok.id, resolvingTimestamp: ok.dateAdded };
		saveIncident(batch, resolved, false, resolveIssue(batch, incident, ok.guid, ok.dateAdded));
	}
	return true;
}
