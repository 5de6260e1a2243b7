/** Release health from envelopes: `session` updates and `sessions` aggregates as counts per release, environment and hour. */
import { sql } from "drizzle-orm";
import { releaseSessions } from "../../../schema/region";
import { type Json, record, text, toText } from "../../lib/json";
import {
	accepted,
	clockDrift,
	type ItemContext,
	type ItemHandlers,
	itemJson,
	PoisonItem,
	parseTimestamp,
} from "../ingest";

const HOUR = 3_600_000;

/** A session's time, moved by the clock drift as Relay moves it; the receive time when it is no time at all. */
function sessionTime(ctx: ItemContext, value: unknown): number {
	const time = parseTimestamp(value);
	if (time === undefined) return ctx.receivedAt;
	const corrected = time + clockDrift(ctx.envelopeHeaders.sent_at, ctx.receivedAt);
	return Number.isNaN(new Date(corrected).getTime()) ? ctx.receivedAt : corrected;
}

/** A count from an SDK payload: absent is 0; anything but a non-negative integer makes the item invalid. */
function countOf(value: unknown, what: string): number {
	if (value === undefined || value === null) return 0;
	if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
	throw new PoisonItem(`${what} is not a count: ${toText(value).slice(0, 50)}`);
}

function addSessions(
	ctx: ItemContext,
	attrs: Json,
	counts: { started: number; errored: number; crashed: number; abnormal: number },
	when: number,
) {
	const release = text(attrs.release);
	if (!release) return;
	const bucket = new Date(Math.floor(when / HOUR) * HOUR);
	ctx.plan.run(
		ctx.db
			.insert(releaseSessions)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				release,
				environment: text(attrs.environment) ?? "",
				bucket,
				...counts,
			})
			.onConflictDoUpdate({
				target: [
					releaseSessions.projectId,
					releaseSessions.release,
					releaseSessions.environment,
					releaseSessions.bucket,
				],
				set: {
					started: sql`${releaseSessions.started} + ${counts.started}`,
					errored: sql`${releaseSessions.errored} + ${counts.errored}`,
					crashed: sql`${releaseSessions.crashed} + ${counts.crashed}`,
					abnormal: sql`${releaseSessions.abnormal} + ${counts.abnormal}`,
				},
			}),
	);
}

function storeSession(ctx: ItemContext, session: Json) {
	const status = text(session.status) ?? "ok";
	const final = status !== "ok";
	addSessions(
		ctx,
		record(session.attrs),
		{
			started: session.init === true ? 1 : 0,
			errored: final && (status === "errored" || countOf(session.errors, "session errors") > 0) ? 1 : 0,
			crashed: status === "crashed" ? 1 : 0,
			abnormal: status === "abnormal" ? 1 : 0,
		},
		sessionTime(ctx, session.started),
	);
	accepted(ctx, "session");
}

function storeSessionAggregates(ctx: ItemContext, payload: Json) {
	for (const aggregate of (Array.isArray(payload.aggregates) ? payload.aggregates : []).map(record)) {
		const exited = countOf(aggregate.exited, "sessions exited");
		const errored = countOf(aggregate.errored, "sessions errored");
		const crashed = countOf(aggregate.crashed, "sessions crashed");
		const abnormal = countOf(aggregate.abnormal, "sessions abnormal");
		const started = exited + errored + crashed + abnormal;
		addSessions(
			ctx,
			record(payload.attrs),
			{ started, errored, crashed, abnormal },
			sessionTime(ctx, aggregate.started),
		);
		accepted(ctx, "session", started);
	}
}

export const sessionItemHandlers: ItemHandlers = {
	session: (ctx, item) => storeSession(ctx, itemJson(item)),
	sessions: (ctx, item) => storeSessionAggregates(ctx, itemJson(item)),
};
