/**
 * Release health from envelopes: each `session` update and `sessions` aggregate becomes a few
 * upserts in the batch's write plan (workers/region/sessions/counting.ts decides what counts).
 * An update's flags are counted only where the session's stored state lacks them — in the same D1
 * batch, which runs its statements in order, so repeated updates, SDK retries and redelivered
 * batches count nothing twice. Users are OR-ed into their day's hour masks, idempotently.
 */
import { type AnyColumn, sql } from "drizzle-orm";
import {
	releaseSessions,
	sessionDurations,
	sessionStates,
	sessionUserLevels,
	sessionUsers,
} from "../../../schema/region";
import {
	accepted,
	clockDrift,
	type ItemContext,
	type ItemHandlers,
	itemJson,
	PoisonItem,
	parseTimestamp,
	planReleaseSeen,
} from "../ingest";
import {
	ABNORMAL,
	CRASHED,
	dayOf,
	ERRORED,
	EXITED,
	HOUR,
	InvalidSession,
	readSessionAggregates,
	readSessionUpdate,
	type SessionAggregate,
	type SessionKey,
	type SessionUpdate,
	STARTED,
	userFlagsOfAggregate,
	userHash,
} from "./counting";
import { binOf } from "./durations";

const clockOf = (ctx: ItemContext) => ({
	receivedAt: ctx.receivedAt,
	drift: clockDrift(ctx.envelopeHeaders.sent_at, ctx.receivedAt),
	parseTime: parseTimestamp,
});

/** Reads an item with `read`, an InvalidSession becoming the consumer's invalid item. */
function readItem<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw error instanceof InvalidSession ? new PoisonItem(error.message) : error;
	}
}

const bit = (flags: ReturnType<typeof sql>, flag: number) => sql`((${flags} & ${flag}) != 0)`;

const counterSet = {
	started: sql`${releaseSessions.started} + excluded.started`,
	errored: sql`${releaseSessions.errored} + excluded.errored`,
	crashed: sql`${releaseSessions.crashed} + excluded.crashed`,
	abnormal: sql`${releaseSessions.abnormal} + excluded.abnormal`,
	exited: sql`${releaseSessions.exited} + excluded.exited`,
	durationSum: sql`${releaseSessions.durationSum} + excluded.duration_sum`,
	durationMax: sql`max(${releaseSessions.durationMax}, excluded.duration_max)`,
};
const counterTarget = [
	releaseSessions.projectId,
	releaseSessions.release,
	releaseSessions.environment,
	releaseSessions.bucket,
];

/** The flags of `update` that its session has not counted yet (all of them without a session id). */
function freshFlags(ctx: ItemContext, update: SessionUpdate) {
	if (update.sid === undefined) return sql`${update.flags}`;
	const stored = sql`(select ${sessionStates.flags} from ${sessionStates}
		where ${sessionStates.projectId} = ${ctx.projectId} and ${sessionStates.sid} = ${update.sid})`;
	return sql`(${update.flags} & ~coalesce(${stored}, 0))`;
}

function planUpdate(ctx: ItemContext, update: SessionUpdate): void {
	const { organizationId, projectId, db } = ctx;
	const { release, environment, bucket } = update.key;
	const fresh = sql`fresh.flags`;
	const duration = update.duration ?? 0;
	ctx.plan.run(
		db
			.insert(releaseSessions)
			.select(
				sql`select ${organizationId}, ${projectId}, ${release}, ${environment}, ${bucket},
				${bit(fresh, STARTED)}, ${bit(fresh, ERRORED)}, ${bit(fresh, CRASHED)}, ${bit(fresh, ABNORMAL)},
				${bit(fresh, EXITED)}, case when ${bit(fresh, EXITED)} then ${duration} else 0 end,
				case when ${bit(fresh, EXITED)} then ${duration} else 0 end
				from (select ${freshFlags(ctx, update)} as flags) as fresh where fresh.flags != 0`,
			)
			.onConflictDoUpdate({ target: counterTarget, set: counterSet }),
	);
	if (update.flags & EXITED) {
		ctx.plan.run(
			db
				.insert(sessionDurations)
				.select(
					sql`select ${organizationId}, ${projectId}, ${release}, ${environment}, ${bucket}, ${binOf(duration)}, 1
					from (select ${freshFlags(ctx, update)} as flags) as fresh where ${bit(fresh, EXITED)}`,
				)
				.onConflictDoUpdate({
					target: [
						sessionDurations.projectId,
						sessionDurations.release,
						sessionDurations.environment,
						sessionDurations.bucket,
						sessionDurations.bin,
					],
					set: { count: sql`${sessionDurations.count} + excluded.count` },
				}),
		);
	}
	if (update.sid !== undefined && update.flags !== 0) {
		ctx.plan.run(
			db
				.insert(sessionStates)
				.values({ organizationId, projectId, sid: update.sid, started: new Date(update.started), flags: update.flags })
				.onConflictDoUpdate({
					target: [sessionStates.projectId, sessionStates.sid],
					set: { flags: sql`${sessionStates.flags} | excluded.flags` },
					setWhere: sql`(${sessionStates.flags} | excluded.flags) != ${sessionStates.flags}`,
				}),
		);
	}
}

/** Adds the user to its day's masks: bit h for a session starting in hour h (kept only if the day's sampling keeps it). */
async function planUser(ctx: ItemContext, key: SessionKey, did: string | undefined, flags: number): Promise<void> {
	if (did === undefined) return;
	const { organizationId, projectId, db } = ctx;
	const day = dayOf(key.bucket);
	const hour = 2 ** ((key.bucket - day) / HOUR);
	const hash = await userHash(projectId, did);
	const mask = (flag: number) => (flags & flag ? hour : 0);
	const level = sql`coalesce((select ${sessionUserLevels.level} from ${sessionUserLevels}
		where ${sessionUserLevels.organizationId} = ${organizationId} and ${sessionUserLevels.day} = ${day}), 0)`;
	const union = (column: AnyColumn) => sql`${column} | excluded.${sql.identifier(column.name)}`;
	ctx.plan.run(
		db
			.insert(sessionUsers)
			.select(
				sql`select ${organizationId}, ${projectId}, ${day}, ${key.release}, ${key.environment}, ${hash},
				${hour}, ${mask(ERRORED)}, ${mask(CRASHED)}, ${mask(ABNORMAL)} where ${hash} % (1 << ${level}) = 0`,
			)
			.onConflictDoUpdate({
				target: [
					sessionUsers.organizationId,
					sessionUsers.day,
					sessionUsers.projectId,
					sessionUsers.release,
					sessionUsers.environment,
					sessionUsers.userHash,
				],
				set: {
					seen: union(sessionUsers.seen),
					errored: union(sessionUsers.errored),
					crashed: union(sessionUsers.crashed),
					abnormal: union(sessionUsers.abnormal),
				},
				setWhere: sql`${union(sessionUsers.seen)} != ${sessionUsers.seen} or ${union(sessionUsers.errored)} != ${sessionUsers.errored}
					or ${union(sessionUsers.crashed)} != ${sessionUsers.crashed} or ${union(sessionUsers.abnormal)} != ${sessionUsers.abnormal}`,
			}),
	);
}

/** An aggregate item's counts, one upsert per hour it covers. */
function planAggregates(ctx: ItemContext, aggregates: SessionAggregate[]): void {
	const byBucket = new Map<number, SessionAggregate>();
	for (const aggregate of aggregates) {
		const total = byBucket.get(aggregate.key.bucket);
		if (!total) byBucket.set(aggregate.key.bucket, { ...aggregate });
		else {
			total.started += aggregate.started;
			total.errored += aggregate.errored;
			total.crashed += aggregate.crashed;
			total.abnormal += aggregate.abnormal;
		}
	}
	for (const { key, started, errored, crashed, abnormal } of byBucket.values()) {
		ctx.plan.run(
			ctx.db
				.insert(releaseSessions)
				.values({
					organizationId: ctx.organizationId,
					projectId: ctx.projectId,
					release: key.release,
					environment: key.environment,
					bucket: new Date(key.bucket),
					started,
					errored,
					crashed,
					abnormal,
				})
				.onConflictDoUpdate({ target: counterTarget, set: counterSet }),
		);
	}
}

export const sessionItemHandlers: ItemHandlers = {
	session: async (ctx, item) => {
		const update = readItem(() => readSessionUpdate(itemJson(item), clockOf(ctx)));
		if (!update) return;
		// A session's release exists from its first update on, as Sentry lists releases with health data.
		if (update.flags & STARTED)
			planReleaseSeen(ctx.db, ctx.plan, ctx.organizationId, ctx.projectId, update.key.release);
		planUpdate(ctx, update);
		await planUser(ctx, update.key, update.did, update.flags);
		accepted(ctx, "session");
	},
	sessions: async (ctx, item) => {
		const aggregates = readItem(() => readSessionAggregates(itemJson(item), clockOf(ctx)));
		const [first] = aggregates;
		if (first) planReleaseSeen(ctx.db, ctx.plan, ctx.organizationId, ctx.projectId, first.key.release);
		planAggregates(ctx, aggregates);
		for (const aggregate of aggregates)
			await planUser(ctx, aggregate.key, aggregate.did, userFlagsOfAggregate(aggregate));
		const started = aggregates.reduce((sum, aggregate) => sum + aggregate.started, 0);
		if (started) accepted(ctx, "session", started);
	},
};
