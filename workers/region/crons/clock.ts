/**
 * The clock, run by the minute cron trigger (Sentry's clock tasks check_missed and check_timeout):
 * it reads only what is due, through two indexes, monitor environments whose `next_check_in_latest`
 * has passed and in-progress check-ins whose `timeout_at` has, and enqueues one synthetic `missed`
 * or `timeout` check-in per row on the ingest queue, where the one check-in processor decides (and
 * ignores a row a real check-in or an earlier tick already handled). A tick reads at most
 * MAX_PER_TICK rows of each kind in pages; when more are due, it saves where it stopped and the
 * next tick goes on from there, so its cost is bounded however many monitors there are. It also
 * deletes check-ins past their retention, a bounded number per tick.
 */
import { and, asc, eq, gt, inArray, lt, lte, or } from "drizzle-orm";
import { monitorCheckIns, monitorClockCursors, monitorEnvironments, monitors } from "../../../schema/region";
import { bytesToBase64 } from "../../lib/base64";
import { sha256Hex } from "../../lib/crypto";
import type { RegionDb } from "../../lib/db";
import { serializeEnvelope } from "../../lib/envelope";
import type { IngestEnvelopeMessage } from "../../lib/messages";
import { sendAll } from "../alerts";
import { CLOCK_KEY_ID } from "./ingest";

export const MAX_PER_TICK = 1_000;
/** Check-ins are kept 90 days (Sentry's retention for them); each tick deletes at most this many older ones. */
export const CHECK_IN_RETENTION_MS = 90 * 24 * 3_600_000;
const PRUNED_PER_TICK = 500;
const PAGE = 100;
const encoder = new TextEncoder();

type Kind = "missed" | "timeout";
type Cursor = { dueAt: number; id: string };
interface Due {
	organizationId: number;
	projectId: number;
	slug: string;
	environment: string;
	/** What the processor is to look at: the environment (missed) or the check-in's guid (timeout). */
	checkIn: Record<string, unknown>;
	identity: string;
	dueAt: number;
	id: string;
}

export interface ClockTick {
	tick: number;
	missed: number;
	timedOut: number;
	/** Check-ins past their retention deleted. */
	pruned: number;
}

function dueEnvironments(db: RegionDb, tick: number, after: Cursor | undefined, limit: number) {
	const due = monitorEnvironments.nextCheckInLatest;
	return db
		.select({
			organizationId: monitorEnvironments.organizationId,
			projectId: monitorEnvironments.projectId,
			slug: monitors.slug,
			environment: monitorEnvironments.environment,
			id: monitorEnvironments.id,
			dueAt: due,
			expected: monitorEnvironments.nextCheckIn,
		})
		.from(monitorEnvironments)
		.innerJoin(monitors, eq(monitors.id, monitorEnvironments.monitorId))
		.where(
			and(
				lte(due, new Date(tick)),
				after
					? or(
							gt(due, new Date(after.dueAt)),
							and(eq(due, new Date(after.dueAt)), gt(monitorEnvironments.id, after.id)),
						)
					: undefined,
			),
		)
		.orderBy(asc(due), asc(monitorEnvironments.id))
		.limit(limit);
}

function dueTimeouts(db: RegionDb, tick: number, after: Cursor | undefined, limit: number) {
	const due = monitorCheckIns.timeoutAt;
	return db
		.select({
			organizationId: monitorCheckIns.organizationId,
			projectId: monitorCheckIns.projectId,
			slug: monitors.slug,
			environment: monitorEnvironments.environment,
			id: monitorCheckIns.id,
			guid: monitorCheckIns.guid,
			dueAt: due,
		})
		.from(monitorCheckIns)
		.innerJoin(monitors, eq(monitors.id, monitorCheckIns.monitorId))
		.innerJoin(monitorEnvironments, eq(monitorEnvironments.id, monitorCheckIns.monitorEnvironmentId))
		.where(
			and(
				lte(due, new Date(tick)),
				eq(monitorCheckIns.status, "in_progress"),
				after
					? or(gt(due, new Date(after.dueAt)), and(eq(due, new Date(after.dueAt)), gt(monitorCheckIns.id, after.id)))
					: undefined,
			),
		)
		.orderBy(asc(due), asc(monitorCheckIns.id))
		.limit(limit);
}

async function duePage(
	db: RegionDb,
	kind: Kind,
	tick: number,
	after: Cursor | undefined,
	limit: number,
): Promise<Due[]> {
	if (kind === "missed") {
		const rows = await dueEnvironments(db, tick, after, limit);
		return rows.map((row) => ({
			...row,
			dueAt: row.dueAt?.getTime() ?? 0,
			identity: `missed:${row.id}:${row.expected?.getTime()}`,
			checkIn: { status: "missed", expected_time: row.expected?.getTime() },
		}));
	}
	const rows = await dueTimeouts(db, tick, after, limit);
	return rows.map((row) => ({
		...row,
		dueAt: row.dueAt?.getTime() ?? 0,
		identity: `timeout:${row.id}`,
		checkIn: { status: "timeout", check_in_id: row.guid },
	}));
}

/** The synthetic check-in for one due row, as a message the ingest consumer takes like any other. */
async function clockMessage(due: Due, tick: number): Promise<IngestEnvelopeMessage> {
	const payload = { monitor_slug: due.slug, environment: due.environment, clock_tick: tick, ...due.checkIn };
	const envelope = serializeEnvelope({
		headers: {},
		items: [{ headers: { type: "check_in" }, payload: encoder.encode(JSON.stringify(payload)) }],
	});
	return {
		type: "ingest.envelope",
		v: 1,
		// The same row in the same tick is the same message: a tick fired twice enqueues nothing new.
		eventId: (await sha256Hex(`${due.identity}:${tick}`)).slice(0, 32),
		receivedAt: tick,
		organizationId: due.organizationId,
		projectId: due.projectId,
		keyId: CLOCK_KEY_ID,
		envelope: bytesToBase64(envelope),
	};
}

async function cursorOf(db: RegionDb, kind: Kind) {
	const row = await db.query.monitorClockCursors.findFirst({ where: eq(monitorClockCursors.kind, kind) });
	return row ? { dueAt: row.dueAt, id: row.id } : undefined;
}

async function saveCursor(db: RegionDb, kind: Kind, cursor: Cursor | undefined) {
	if (!cursor) {
		await db.delete(monitorClockCursors).where(eq(monitorClockCursors.kind, kind));
		return;
	}
	await db
		.insert(monitorClockCursors)
		.values({ kind, ...cursor })
		.onConflictDoUpdate({ target: monitorClockCursors.kind, set: cursor });
}

/** One kind's share of a tick: due rows from the saved cursor on, at most `maxPerTick`. */
async function tickKind(db: RegionDb, queue: Queue, kind: Kind, tick: number, maxPerTick: number) {
	let after = await cursorOf(db, kind);
	let count = 0;
	let exhausted = false;
	while (count < maxPerTick) {
		const limit = Math.min(PAGE, maxPerTick - count);
		const page = await duePage(db, kind, tick, after, limit);
		await sendAll(queue, await Promise.all(page.map((due) => clockMessage(due, tick))));
		count += page.length;
		const last = page.at(-1);
		if (!last || page.length < limit) {
			exhausted = true;
			break;
		}
		after = { dueAt: last.dueAt, id: last.id };
	}
	// Stopped at the bound: the next tick goes on from here; else it starts from the oldest again.
	await saveCursor(db, kind, exhausted ? undefined : after);
	return count;
}

/** One tick of the clock at `now` (rounded down to the minute, as Sentry's clock ticks). */
export async function tickMonitorClock(
	db: RegionDb,
	queue: Queue,
	now = Date.now(),
	maxPerTick = MAX_PER_TICK,
): Promise<ClockTick> {
	const tick = Math.floor(now / 60_000) * 60_000;
	const missed = await tickKind(db, queue, "missed", tick, maxPerTick);
	const timedOut = await tickKind(db, queue, "timeout", tick, maxPerTick);
	const expired = db
		.select({ id: monitorCheckIns.id })
		.from(monitorCheckIns)
		.where(lt(monitorCheckIns.dateAdded, new Date(tick - CHECK_IN_RETENTION_MS)))
		.orderBy(asc(monitorCheckIns.dateAdded))
		.limit(PRUNED_PER_TICK);
	const pruned = await db
		.delete(monitorCheckIns)
		.where(inArray(monitorCheckIns.id, expired))
		.returning({ id: monitorCheckIns.id });
	return { tick, missed, timedOut, pruned: pruned.length };
}

/**
 * The cron trigger's tick: a failure is logged, never thrown, so the scheduled handler's other work
 * (outbox drains, retention, the ingest spool) runs to its end; the next tick retries.
 */
export async function runMonitorClock(db: RegionDb, queue: Queue, now = Date.now(), maxPerTick = MAX_PER_TICK) {
	try {
		return await tickMonitorClock(db, queue, now, maxPerTick);
	} catch (error) {
		console.error("the monitor clock failed; the next tick retries", error);
		return undefined;
	}
}
