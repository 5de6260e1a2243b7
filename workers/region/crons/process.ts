/**
 * The one check-in processor, Sentry's monitor consumer as a recipe: monitor (upserted from
 * `monitor_config`) → environment → rate limit → create or update the check-in → the environment's
 * next expected times and status (mark_ok / mark_failed, with incidents). The clock's synthetic
 * `missed` and `timeout` check-ins come through here too, so every state change has one author.
 *
 * States: `in_progress → ok | error`; `in_progress → timeout` by the clock; a finished check-in is
 * not reopened (an in-progress update after ok is ignored, a second ok or error is refused), a late
 * ok or error on a timed-out check-in only records its duration. Times are the relay's receive time
 * (or the clock's tick), never this worker's clock.
 */
import { randomHex } from "../../lib/crypto";
import type { ItemContext } from "../ingest";
import type { CronBatch } from "./batch";
import { type CheckInPayload, ERROR_TYPES, LATEST, type Refusal } from "./check-in";
import { marginOf, maxRuntimeOf, scheduleOfConfig, timezoneOf, validateMonitorConfig } from "./config";
import { tryIncidentResolution, tryIncidentThreshold } from "./incidents";
import { nextSchedule, previousSchedule } from "./schedule";
import {
	type CheckIn,
	checkInByGuid,
	environmentCount,
	environmentOf,
	latestCheckIn,
	type Monitor,
	type MonitorEnvironment,
	monitorBySlug,
	saveCheckIn,
	saveEnvironment,
	saveMonitor,
} from "./store";

/** Sentry's CHECKIN_QUOTA_LIMIT per CHECKIN_QUOTA_WINDOW (a minute) per monitor environment. */
export const CHECK_INS_PER_MINUTE = 6;
const MAX_ENVIRONMENTS_PER_MONITOR = 1000;
const MINUTE = 60_000;

export type Decision = { outcome: "accepted" } | Refusal;
const ACCEPTED: Decision = { outcome: "accepted" };
const refused = (outcome: Refusal["outcome"], reason: string, ...errors: Refusal["errors"]): Refusal => ({
	outcome,
	reason,
	errors,
});

async function ensureMonitor(ctx: ItemContext, batch: CronBatch, payload: CheckInPayload, now: number) {
	const monitor = await monitorBySlug(batch, ctx.organizationId, payload.slug);
	const notFound = refused("invalid", "invalid_monitor", { type: ERROR_TYPES.MONITOR_NOT_FOUND });
	if (monitor && monitor.projectId !== ctx.projectId) return notFound;
	if (payload.monitorConfig === undefined) return monitor ?? notFound;
	const validated = validateMonitorConfig(payload.monitorConfig, monitor?.config);
	if (!validated.ok) {
		// A monitor that exists keeps its configuration; a new one is not made.
		if (monitor) return monitor;
		return refused(
			"invalid",
			"invalid_monitor",
			{ type: ERROR_TYPES.MONITOR_INVALID_CONFIG, errors: validated.errors },
			{ type: ERROR_TYPES.MONITOR_NOT_FOUND },
		);
	}
	if (!monitor) {
		const created: Monitor = {
			id: randomHex(16),
			organizationId: ctx.organizationId,
			projectId: ctx.projectId,
			slug: payload.slug,
			name: payload.slug,
			status: "active",
			isMuted: false,
			config: validated.config,
			dateCreated: new Date(now),
		};
		saveMonitor(batch, created, true);
		return created;
	}
	if (JSON.stringify(monitor.config) === JSON.stringify(validated.config)) return monitor;
	const updated = { ...monitor, config: validated.config };
	saveMonitor(batch, updated, false);
	return updated;
}

async function ensureEnvironment(batch: CronBatch, monitor: Monitor, name: string, now: number) {
	const existing = await environmentOf(batch, monitor, name);
	if (existing) return existing;
	if ((await environmentCount(batch, monitor)) >= MAX_ENVIRONMENTS_PER_MONITOR) {
		return refused("invalid", "monitor_environment_limit_exceeded", {
			type: ERROR_TYPES.MONITOR_INVALID_ENVIRONMENT,
			reason: `You may not exceed ${MAX_ENVIRONMENTS_PER_MONITOR} environments per monitor`,
		});
	}
	const created: MonitorEnvironment = {
		id: randomHex(16),
		organizationId: monitor.organizationId,
		projectId: monitor.projectId,
		monitorId: monitor.id,
		environment: name,
		status: "active",
		lastCheckIn: null,
		nextCheckIn: null,
		nextCheckInLatest: null,
		rateMinute: 0,
		rateCount: 0,
		dateCreated: new Date(now),
	};
	saveEnvironment(batch, created, true);
	return created;
}

/** Counts the check-in against its environment's minute; whether it is over the limit. */
function rateLimited(batch: CronBatch, environment: MonitorEnvironment, now: number): boolean {
	const minute = Math.floor(now / MINUTE);
	const count = environment.rateMinute === minute ? environment.rateCount + 1 : 1;
	saveEnvironment(batch, { ...environment, rateMinute: minute, rateCount: count }, false);
	return count > CHECK_INS_PER_MINUTE;
}

const timeoutFrom = (monitor: Monitor, status: CheckIn["status"], start: number) =>
	status === "in_progress"
		? new Date(Math.floor(start / MINUTE) * MINUTE + maxRuntimeOf(monitor.config) * MINUTE)
		: null;

/** Sentry's update_existing_check_in: the check-in afterwards, `undefined` if nothing changes, or a refusal. */
function updatedCheckIn(
	monitor: Monitor,
	existing: CheckIn,
	payload: CheckInPayload,
	now: number,
): CheckIn | Refusal | undefined {
	const finished = existing.status === "ok" || existing.status === "error";
	const durationOnly = existing.status === "timeout" && (payload.status === "ok" || payload.status === "error");
	if (finished && !durationOnly) {
		// An in-progress check-in after its ok or error is the job's messages arriving out of order.
		if (payload.status === "in_progress") return undefined;
		return refused("invalid", "checkin_finished", { type: ERROR_TYPES.CHECKIN_FINISHED });
	}
	const durationMs = payload.durationMs ?? Math.abs(now - existing.dateAdded.getTime());
	if (durationMs > 2_147_483_647) {
		return refused("invalid", "invalid_duration", {
			type: ERROR_TYPES.CHECKIN_INVALID_DURATION,
			duration: String(durationMs),
		});
	}
	const status = durationOnly ? existing.status : payload.status;
	return {
		...existing,
		status,
		durationMs,
		timeoutAt: timeoutFrom(monitor, status, now),
		dateUpdated: payload.status === "in_progress" ? new Date(now) : existing.dateUpdated,
	};
}

async function upsertCheckIn(
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	payload: CheckInPayload,
	now: number,
) {
	const existing =
		payload.guid === LATEST
			? await latestCheckIn(batch, environment, ["in_progress"])
			: await checkInByGuid(batch, monitor, payload.guid);
	if (existing && existing.monitorEnvironmentId !== environment.id) {
		return refused("invalid", "monitor_environment_mismatch", {
			type: ERROR_TYPES.CHECKIN_ENVIRONMENT_MISMATCH,
			existingEnvironment: "another environment",
		});
	}
	if (existing) {
		const updated = updatedCheckIn(monitor, existing, payload, now);
		if (updated && "dateAdded" in updated) saveCheckIn(batch, updated, existing);
		return updated;
	}
	const dateAdded = now - (payload.durationMs ?? 0);
	const created: CheckIn = {
		id: randomHex(16),
		organizationId: monitor.organizationId,
		projectId: monitor.projectId,
		monitorId: monitor.id,
		monitorEnvironmentId: environment.id,
		guid: payload.guid === LATEST ? randomHex(16) : payload.guid,
		status: payload.status,
		durationMs: payload.durationMs,
		dateAdded: new Date(dateAdded),
		dateUpdated: new Date(now),
		expectedTime: environment.nextCheckIn,
		timeoutAt: timeoutFrom(monitor, payload.status, dateAdded),
		monitorConfig: monitor.config,
		traceId: payload.traceId,
	};
	saveCheckIn(batch, created);
	return created;
}

/** The next expected times after `reference`; none while the monitor is disabled. */
function nextTimes(monitor: Monitor, reference: number) {
	const next = nextSchedule(scheduleOfConfig(monitor.config), reference, timezoneOf(monitor.config));
	if (next === undefined) return { nextCheckIn: null, nextCheckInLatest: null };
	const latest = monitor.status === "active" ? new Date(next + marginOf(monitor.config) * MINUTE) : null;
	return { nextCheckIn: new Date(next), nextCheckInLatest: latest };
}

/** Sentry's mark_ok: next expected times from `succeededAt`, and recovery. */
async function markOk(
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	checkIn: CheckIn,
	succeededAt: number,
) {
	const recovered = await tryIncidentResolution(batch, monitor, environment, checkIn);
	if (environment.lastCheckIn && environment.lastCheckIn.getTime() > succeededAt) return;
	const next: MonitorEnvironment = {
		...environment,
		...nextTimes(monitor, succeededAt),
		lastCheckIn: checkIn.dateAdded,
		status: recovered ? "ok" : environment.status,
	};
	saveEnvironment(batch, next, false, new Date(succeededAt));
}

/** Sentry's mark_failed: next expected times from `failedAt` (a miss keeps the last check-in), and incidents. */
async function markFailed(
	ctx: ItemContext,
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	failed: CheckIn,
	failedAt: number,
	now: number,
) {
	const lastCheckIn = failed.status === "missed" ? environment.lastCheckIn : failed.dateAdded;
	if (environment.lastCheckIn && lastCheckIn && environment.lastCheckIn > lastCheckIn) return;
	const moved = { ...environment, ...nextTimes(monitor, failedAt), lastCheckIn };
	const status = await tryIncidentThreshold(ctx, batch, monitor, moved, failed, now);
	saveEnvironment(batch, { ...moved, status }, false, lastCheckIn ?? undefined);
}

/** A miss or time-out the clock found, unless a check-in or an earlier tick already handled it. */
async function processClockCheckIn(
	ctx: ItemContext,
	batch: CronBatch,
	monitor: Monitor,
	environment: MonitorEnvironment,
	payload: CheckInPayload,
) {
	const tick = payload.clockTick ?? ctx.receivedAt;
	const schedule = scheduleOfConfig(monitor.config);
	const timezone = timezoneOf(monitor.config);
	if (payload.status === "missed") {
		const expected = environment.nextCheckIn;
		const latest = environment.nextCheckInLatest;
		if (!expected || !latest || latest.getTime() > tick) return;
		const missed: CheckIn = {
			id: randomHex(16),
			organizationId: monitor.organizationId,
			projectId: monitor.projectId,
			monitorId: monitor.id,
			monitorEnvironmentId: environment.id,
			guid: randomHex(16),
			status: "missed",
			durationMs: null,
			// Backdated to when it was expected, as Sentry records misses.
			dateAdded: expected,
			dateUpdated: new Date(tick),
			expectedTime: expected,
			timeoutAt: null,
			monitorConfig: monitor.config,
			traceId: null,
		};
		saveCheckIn(batch, missed);
		const failedAt = previousSchedule(schedule, expected.getTime(), tick, timezone) ?? expected.getTime();
		return markFailed(ctx, batch, monitor, environment, missed, failedAt, tick);
	}
	const running = await checkInByGuid(batch, monitor, payload.guid);
	if (running?.status !== "in_progress" || !running.timeoutAt || running.timeoutAt.getTime() > tick) return;
	const timedOut: CheckIn = { ...running, status: "timeout", timeoutAt: null, dateUpdated: new Date(tick) };
	saveCheckIn(batch, timedOut, running);
	const newest = await latestCheckIn(batch, environment, ["ok", "error"]);
	if (newest && newest.dateAdded > running.dateAdded) return;
	const failedAt =
		previousSchedule(schedule, running.dateAdded.getTime(), tick, timezone) ?? running.dateAdded.getTime();
	return markFailed(ctx, batch, monitor, environment, timedOut, failedAt, tick);
}

export async function processCheckIn(ctx: ItemContext, batch: CronBatch, payload: CheckInPayload): Promise<Decision> {
	const now = ctx.receivedAt;
	const fromClock = payload.status === "missed" || payload.status === "timeout";
	const monitor = await ensureMonitor(ctx, batch, fromClock ? { ...payload, monitorConfig: undefined } : payload, now);
	if ("outcome" in monitor) return monitor;
	if (monitor.status === "disabled")
		return refused("filtered", "monitor_disabled", { type: ERROR_TYPES.MONITOR_DISABLED });
	const environment = fromClock
		? await environmentOf(batch, monitor, payload.environment)
		: await ensureEnvironment(batch, monitor, payload.environment, now);
	if (!environment) return ACCEPTED;
	if ("outcome" in environment) return environment;
	if (fromClock) {
		await processClockCheckIn(ctx, batch, monitor, environment, payload);
		return ACCEPTED;
	}
	if (rateLimited(batch, environment, now)) {
		return refused("rate_limited", "rate_limited", { type: ERROR_TYPES.MONITOR_ENVIRONMENT_RATELIMITED });
	}
	const counted = (await environmentOf(batch, monitor, payload.environment)) as MonitorEnvironment;
	const checkIn = await upsertCheckIn(batch, monitor, counted, payload, now);
	if (checkIn === undefined) return ACCEPTED;
	if ("outcome" in checkIn) return checkIn;
	if (checkIn.status === "error") await markFailed(ctx, batch, monitor, counted, checkIn, now, now);
	else await markOk(batch, monitor, counted, checkIn, now);
	return ACCEPTED;
}
