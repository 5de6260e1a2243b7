/** Error events and browser security reports: normalized, symbolicated, scrubbed, grouped, then planned for storage. */
import type { EnvelopeItem } from "../../lib/envelope";
import { type Json, record, text, toText } from "../../lib/json";
import { DATA_CATEGORIES } from "../../lib/outcomes";
import { symbolicateEvent } from "../sourcemaps";
import { groupEvent } from "./grouping";
import { accepted, countOutcome, type ItemContext, type ItemHandlers, itemJson } from "./items";
import { normalizeEvent } from "./normalize";
import { scrubEvent } from "./scrub";

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

/** What the CPU work of one event needs besides the event. */
export interface EventInput {
	eventId: string;
	receivedAt: number;
	sentAt: unknown;
	clientIp: string | undefined;
	retentionDays: number;
	sourceFiles: ItemContext["sourceFiles"];
}

/**
 * The CPU work of one event: normalize (trimming to Relay's limits first) → symbolicate → scrub →
 * group. Bounded by those limits whatever the SDK sent (`npm run bench` measures the worst case).
 */
export async function processEvent(raw: Json, input: EventInput, type: "error" | "csp") {
	const normalized = normalizeEvent(raw, input);
	// Symbolicated before scrubbing, so source context lines are scrubbed too.
	const event = scrubEvent(await symbolicateEvent(normalized, { index: input.sourceFiles }));
	const grouping = await groupEvent(event);
	if (type === "csp") grouping.type = "csp";
	const body = {
		...event,
		title: grouping.title,
		culprit: grouping.culprit,
		metadata: grouping.metadata,
		hashes: [grouping.hash],
		type: grouping.type,
	};
	return { event, grouping, body };
}

async function storeEvent(ctx: ItemContext, raw: Json, type: "error" | "csp") {
	if (ctx.knownEventIds.has(ctx.eventId)) return;
	const { event, grouping, body } = await processEvent(
		raw,
		{ ...ctx, sentAt: ctx.envelopeHeaders.sent_at, sourceFiles: ctx.sourceFiles },
		type,
	);
	const bodyKey = `${ctx.organizationId}/${ctx.projectId}/${ctx.eventId}.json`;
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

function countClientReport(ctx: ItemContext, report: Json) {
	for (const discarded of (Array.isArray(report.discarded_events) ? report.discarded_events : []).map(record)) {
		const category = DATA_CATEGORIES.find((known) => known === discarded.category) ?? "default";
		const quantity = discarded.quantity;
		if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity <= 0) continue;
		countOutcome(ctx, "client_discard", text(discarded.reason) ?? null, category, quantity);
	}
}

export const eventItemHandlers: ItemHandlers = {
	event: (ctx, item) => storeEvent(ctx, itemJson(item), "error"),
	security: (ctx, item) => storeEvent(ctx, securityEvent(itemJson(item), item), "csp"),
	raw_security: (ctx, item) => storeEvent(ctx, securityEvent(itemJson(item), item), "csp"),
	client_report: (ctx, item) => countClientReport(ctx, itemJson(item)),
};
