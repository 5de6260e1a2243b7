/**
 * One handler per envelope item type; each reads its payload and adds rows and objects to the
 * batch's write plan. Unknown types are counted as outcomes, never an error.
 */
import { sql } from "drizzle-orm";
import {
	attachments,
	monitorCheckIns,
	monitors,
	releaseSessions,
	transactions,
	userReports,
} from "../../schema/region";
import type { RegionDb } from "../lib/db";
import type { EnvelopeItem } from "../lib/envelope";
import { categoryOfItem, DATA_CATEGORIES, type DataCategory, type OutcomeCount, quantityOfItem } from "../lib/outcomes";
import { groupEvent } from "./grouping";
import { clockDrift, type Json, normalizeEvent, parseTimestamp, record, text, toText } from "./normalize";
import { scrubEvent } from "./scrub";
import type { SourceFileIndex } from "./source-map-store";
import { symbolicateEvent } from "./symbolicate";
import type { WritePlan } from "./write-plan";

export interface ItemContext {
	db: RegionDb;
	plan: WritePlan;
	organizationId: number;
	projectId: number;
	keyId: number;
	eventId: string;
	receivedAt: number;
	envelopeHeaders: Json;
	clientIp: string | undefined;
	retentionDays: number;
	/** Events already stored (a retried SDK send): not stored or counted again. */
	knownEventIds: Set<string>;
	/** The project's uploaded source maps, for symbolicating JavaScript events. */
	sourceFiles: SourceFileIndex;
}

export class PoisonItem extends Error {}

const decoder = new TextDecoder();

function json(item: EnvelopeItem): Json {
	let value: unknown;
	try {
		value = JSON.parse(decoder.decode(item.payload));
	} catch {
		throw new PoisonItem(`${item.headers.type} item is not valid JSON`);
	}
	if (typeof value !== "object" || value === null || Array.isArray(value))
		throw new PoisonItem(`${item.headers.type} item is not a JSON object`);
	return value as Json;
}

function countOutcome(
	ctx: ItemContext,
	outcome: OutcomeCount["outcome"],
	reason: string | null,
	category: DataCategory,
	quantity: number,
) {
	const { organizationId, projectId, keyId, receivedAt } = ctx;
	ctx.plan.count({ organizationId, projectId, keyId, timestamp: receivedAt, outcome, reason, category, quantity });
}

function accepted(ctx: ItemContext, category: DataCategory | undefined, quantity = 1) {
	if (category) countOutcome(ctx, "accepted", null, category, quantity);
}

const userKeyOf = (user: Json) =>
	["id", "email", "username", "ip_address"]
		.map((field) => (user[field] ? `${field}:${toText(user[field])}` : undefined))
		.find(Boolean);

/** A CSP (or other browser security) report, as the event Sentry makes of it. */
function securityEvent(report: Json, item: EnvelopeItem): Json {
	const csp = record(report["csp-report"] ?? record(report.body));
	const directive = text(csp["effective-directive"]) ?? text(csp["violated-directive"])?.split(" ")[0] ?? "unknown";
	const blocked = text(csp["blocked-uri"]) ?? text(csp.blockedURL) ?? "self";
	return {
		logentry: { message: `Blocked '${directive.replace(/-src$/, "")}' from '${blocked}'` },
		culprit: directive,
		level: "error",
		platform: "javascript",
		csp,
		release: item.headers.sentry_release,
		environment: item.headers.sentry_environment,
		request: { url: text(csp["document-uri"]) ?? text(csp.documentURL) },
	};
}

async function storeEvent(ctx: ItemContext, raw: Json, type: "error" | "csp") {
	if (ctx.knownEventIds.has(ctx.eventId)) return;
	const normalized = normalizeEvent(raw, {
		eventId: ctx.eventId,
		receivedAt: ctx.receivedAt,
		sentAt: ctx.envelopeHeaders.sent_at,
		clientIp: ctx.clientIp,
		retentionDays: ctx.retentionDays,
	});
	// Symbolicated before scrubbing, so source context lines are scrubbed too.
	const event = scrubEvent(await symbolicateEvent(normalized, { index: ctx.sourceFiles }));
	const grouping = await groupEvent(event);
	if (type === "csp") grouping.type = "csp";
	const bodyKey = `${ctx.organizationId}/${ctx.projectId}/${ctx.eventId}.json`;
	const body = {
		...event,
		title: grouping.title,
		culprit: grouping.culprit,
		metadata: grouping.metadata,
		hashes: [grouping.hash],
		type: grouping.type,
	};
	ctx.plan.put(bodyKey, JSON.stringify(body));
	ctx.plan.events.push({
		organizationId: ctx.organizationId,
		projectId: ctx.projectId,
		eventId: ctx.eventId,
		timestamp: (event.timestamp as number) * 1000,
		receivedAt: ctx.receivedAt,
		event: body,
		grouping,
		userKey: userKeyOf(record(event.user)),
		bodyKey,
	});
	ctx.knownEventIds.add(ctx.eventId);
	accepted(ctx, type === "csp" ? "security" : "error");
}

function storeTransaction(ctx: ItemContext, raw: Json, eventId: string) {
	const event = normalizeEvent(raw, {
		eventId,
		receivedAt: ctx.receivedAt,
		sentAt: ctx.envelopeHeaders.sent_at,
		clientIp: ctx.clientIp,
		retentionDays: ctx.retentionDays,
		type: "transaction",
	});
	const trace = record(record(raw.contexts).trace);
	const end = (event.timestamp as number) * 1000;
	// Normalization moved start_timestamp with the timestamp, so clock corrections keep the duration.
	const start = typeof event.start_timestamp === "number" ? event.start_timestamp * 1000 : end;
	ctx.plan.run(
		ctx.db
			.insert(transactions)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				eventId,
				name: text(raw.transaction) ?? text(raw.description) ?? "<unlabeled transaction>",
				op: text(trace.op) ?? text(raw.op) ?? null,
				status: text(trace.status) ?? text(raw.status) ?? null,
				traceId: text(trace.trace_id) ?? text(raw.trace_id) ?? null,
				startTimestamp: new Date(start),
				timestamp: new Date(end),
				durationMs: Math.max(0, Math.round(end - start)),
				release: (event.release as string | null) ?? null,
				environment: (event.environment as string | null) ?? null,
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, raw.type === "span" ? "span" : "transaction");
}

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

function storeAttachment(ctx: ItemContext, item: EnvelopeItem, index: number) {
	const name = (text(item.headers.filename) ?? "attachment").replace(/[^\w.-]/g, "_").slice(0, 100);
	const bodyKey = `${ctx.organizationId}/${ctx.projectId}/attachments/${ctx.eventId}/${index}-${name}`;
	ctx.plan.put(bodyKey, item.payload, text(item.headers.content_type) ?? "application/octet-stream");
	ctx.plan.run(
		ctx.db
			.insert(attachments)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				eventId: ctx.eventId,
				name,
				contentType: text(item.headers.content_type) ?? null,
				attachmentType: text(item.headers.attachment_type) ?? "event.attachment",
				size: item.payload.byteLength,
				bodyKey,
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, "attachment", quantityOfItem("attachment", item.payload));
}

function storeUserReport(
	ctx: ItemContext,
	report: { eventId: string; name?: string; email?: string; comments: string },
) {
	ctx.plan.run(
		ctx.db
			.insert(userReports)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				...report,
				name: report.name ?? "",
				email: report.email ?? "",
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, "feedback");
}

function storeCheckIn(ctx: ItemContext, checkIn: Json) {
	const slug = text(checkIn.monitor_slug);
	if (!slug) throw new PoisonItem("check_in item has no monitor_slug");
	const status = text(checkIn.status) ?? "ok";
	const when = new Date(ctx.receivedAt);
	const durationMs =
		typeof checkIn.duration === "number" && Number.isSafeInteger(Math.round(checkIn.duration * 1000))
			? Math.round(checkIn.duration * 1000)
			: null;
	ctx.plan.run(
		ctx.db
			.insert(monitors)
			.values({ organizationId: ctx.organizationId, projectId: ctx.projectId, slug, status, lastCheckIn: when })
			.onConflictDoUpdate({ target: [monitors.projectId, monitors.slug], set: { status, lastCheckIn: when } }),
	);
	ctx.plan.run(
		ctx.db
			.insert(monitorCheckIns)
			.values({
				monitorId: sql`(select id from monitors where project_id = ${ctx.projectId} and slug = ${slug})`,
				checkInId: text(checkIn.check_in_id) ?? ctx.eventId,
				status,
				durationMs,
				environment: text(checkIn.environment) ?? null,
				dateCreated: when,
			})
			.onConflictDoUpdate({
				target: [monitorCheckIns.monitorId, monitorCheckIns.checkInId],
				set: { status, durationMs },
			}),
	);
	accepted(ctx, "monitor");
}

function countClientReport(ctx: ItemContext, report: Json) {
	for (const discarded of (Array.isArray(report.discarded_events) ? report.discarded_events : []).map(record)) {
		const category = DATA_CATEGORIES.find((known) => known === discarded.category) ?? "default";
		const quantity = discarded.quantity;
		if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity <= 0) continue;
		countOutcome(ctx, "client_discard", text(discarded.reason) ?? null, category, quantity);
	}
}

export async function handleItem(ctx: ItemContext, item: EnvelopeItem, index: number): Promise<void> {
	const type = item.headers.type;
	switch (type) {
		case "event":
			return storeEvent(ctx, json(item), "error");
		case "raw_security":
		case "security":
			return storeEvent(ctx, securityEvent(json(item), item), "csp");
		case "transaction":
			return storeTransaction(ctx, json(item), ctx.eventId);
		case "span":
			return storeTransaction(
				ctx,
				{ ...json(item), type: "span" },
				text(json(item).span_id) ?? `${ctx.eventId}:${index}`,
			);
		case "session":
			return storeSession(ctx, json(item));
		case "sessions":
			return storeSessionAggregates(ctx, json(item));
		case "attachment":
			return storeAttachment(ctx, item, index);
		case "user_report": {
			const report = json(item);
			return storeUserReport(ctx, {
				eventId: text(report.event_id)?.replace(/-/g, "") ?? ctx.eventId,
				name: text(report.name),
				email: text(report.email),
				comments: text(report.comments) ?? "",
			});
		}
		case "feedback": {
			const feedback = record(record(json(item).contexts).feedback);
			return storeUserReport(ctx, {
				eventId: text(feedback.associated_event_id)?.replace(/-/g, "") ?? ctx.eventId,
				name: text(feedback.name),
				email: text(feedback.contact_email),
				comments: text(feedback.message) ?? "",
			});
		}
		case "check_in":
			return storeCheckIn(ctx, json(item));
		case "client_report":
			return countClientReport(ctx, json(item));
		default:
			countOutcome(ctx, "invalid", `unsupported_item:${type}`.slice(0, 64), categoryOfItem(type) ?? "default", 1);
	}
}
