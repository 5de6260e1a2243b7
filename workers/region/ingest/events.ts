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
