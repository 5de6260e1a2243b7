/**
 * The relay's pipeline, Relay's recipe in small named stages: authenticate → project config →
 * origin → envelope rules → inbound filters → forward to the region's queue → answer. A stage that
 * refuses the request throws an ApiError with Sentry's status and detail; every item ends with
 * exactly one outcome (accepted ones are counted by the region when it stores them).
 */
import { bytesToBase64 } from "../lib/base64";
import { randomHex } from "../lib/crypto";
import { regionOfIngestHost } from "../lib/dsn";
import type { Envelope, EnvelopeItem } from "../lib/envelope";
import { serializeEnvelope } from "../lib/envelope";
import { ApiError } from "../lib/errors";
import { spoolMessage } from "../lib/ingest-spool";
import { type IngestEnvelopeMessage, type IngestOutcomesMessage, MAX_INLINE_ENVELOPE_BYTES } from "../lib/messages";
import { categoryOfItem, type OutcomeCount, quantitiesOfItem } from "../lib/outcomes";
import type { ProjectConfigEntry, ProjectState } from "../lib/project-config";
import { formatRateLimits, keyRateLimitQuota, type Quota, type QuotaScope, type RateLimit } from "../lib/quotas";
import type { Settings } from "../lib/settings";
import { withTimeout } from "../lib/timeout";
import type { AuthResult, IngestAuth } from "./auth";
import type { RelayBindings } from "./env";
import { checkEnvelope } from "./envelope-rules";
import { inboundFilterReason } from "./filters";
import type { Limits } from "./limits";
import { projectConfigFor } from "./project-configs";
import type { QuotaResult } from "./quota-check";

export interface IngestDeps {
	env: RelayBindings;
	settings: Settings;
	limits: Limits;
	/** The region's answer for a key missing from KV. */
	fromRegion: (publicKey: string) => Promise<ProjectConfigEntry>;
	/** Counts items against quotas (this isolate's leases of the organization's QuotaCounter). */
	checkQuotas: (items: EnvelopeItem[], quotas: Quota[], scope: QuotaScope) => Promise<QuotaResult>;
	waitUntil: (promise: Promise<unknown>) => void;
}

export interface IngestRequest {
	projectId: number;
	host: string;
	headers: Headers;
	clientIp: string | undefined;
	auth: AuthResult;
	envelope: Envelope;
}

export interface Accepted {
	eventId: string | undefined;
	/** `X-Sentry-Rate-Limits` when some items were dropped by a quota. */
	rateLimits: string | undefined;
	/**
	 * Relay's 429 (Retry-After, X-Sentry-Rate-Limits) when quotas dropped all the data and nothing was
	 * filtered; client reports, which no quota counts, have still been forwarded. Endpoints that never
	 * answer 429 (minidumps) ignore it.
	 */
	rateLimited: ApiError | undefined;
}

const RATE_LIMITED_DETAIL =
	"Sentry dropped data due to a quota or internal rate limit being reached. This will not affect your application. See https://docs.sentry.io/product/accounts/quotas/ for more information.";

const QUEUE_SEND_TIMEOUT_MS = 10_000;
/** Relay (serde_json) refuses JSON that is not valid UTF-8 rather than guessing at it. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

const rejected = (reason: string) => new ApiError(403, `event submission rejected with_reason: ${reason}`);

function authenticated(result: AuthResult): IngestAuth {
	if (!result.ok) throw new ApiError(result.status, result.detail);
	return result.auth;
}

/** This relay serves one region: the DSN host must name it (legacy hosts name the monolith region). */
function checkRegion(request: IngestRequest, settings: Settings): void {
	const named = regionOfIngestHost(request.host, settings.publicUrl.host) ?? settings.monolithRegion;
	if (named !== settings.localRegion)
		throw new ApiError(400, `this relay serves region "${settings.localRegion}", not "${named}"`);
}

/** The key's project config; 503 (retry later) when neither KV nor the region can give it. */
async function projectState(auth: IngestAuth, request: IngestRequest, deps: IngestDeps) {
	let entry: ProjectConfigEntry;
	try {
		entry = await projectConfigFor(auth.publicKey, { kv: deps.env.PROJECT_CONFIGS, fromRegion: deps.fromRegion });
	} catch (error) {
		console.error("the project config is unavailable", error);
		throw new ApiError(503, "project config unavailable", { "retry-after": "60" });
	}
	if (entry.disabled) throw rejected("ProjectState");
	const key = entry.publicKeys.find((candidate) => candidate.publicKey === auth.publicKey);
	if (!key) throw rejected("ProjectState");
	if (entry.projectId !== request.projectId) throw rejected("ProjectId");
	if (!key.isEnabled) throw rejected("DisabledKey");
	return { state: entry, key };
}

/** Browser events carry Origin (or Referer); it must match the project's allowed domains. */
export function originAllowed(allowedDomains: string[], headers: Headers): boolean {
	const source = headers.get("origin") ?? headers.get("referer");
	if (!source || source === "null" || allowedDomains.includes("*")) return true;
	let host: string;
	try {
		host = new URL(source).hostname.toLowerCase();
	} catch {
		return false;
	}
	return allowedDomains.some((domain) => {
		const pattern =
			domain
				.toLowerCase()
				.replace(/^https?:\/\//, "")
				.split(/[/:]/)[0] ?? "";
		return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) || host === pattern.slice(2) : host === pattern;
	});
}

function eventPayload(item: EnvelopeItem): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(strictUtf8.decode(item.payload));
	} catch {
		throw new ApiError(400, "invalid JSON data");
	}
	if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ApiError(400, "invalid JSON data");
	return value as Record<string, unknown>;
}

/** Drops the event (and what belongs to it) if an inbound filter matches; returns what is left and why. */
function applyInboundFilters(envelope: Envelope, state: ProjectState, request: IngestRequest) {
	const event = envelope.items.find((item) => item.headers.type === "event");
	if (!event) return { items: envelope.items, filtered: [] as EnvelopeItem[], reason: undefined };
	const reason = inboundFilterReason(state.config.filterSettings, {
		event: eventPayload(event),
		clientIp: request.clientIp,
		userAgent: request.headers.get("user-agent") ?? undefined,
	});
	if (!reason) return { items: envelope.items, filtered: [], reason };
	const belongsToEvent = (item: EnvelopeItem) => item.headers.type === "event" || item.headers.type === "attachment";
	return {
		items: envelope.items.filter((item) => !belongsToEvent(item)),
		filtered: envelope.items.filter(belongsToEvent),
		reason,
	};
}

export function countOutcomes(
	items: EnvelopeItem[],
	outcome: OutcomeCount["outcome"],
	reason: string | null,
): OutcomeCount[] {
	const counts = new Map<string, OutcomeCount>();
	for (const item of items) {
		for (const [category, quantity] of quantitiesOfItem(item)) {
			const existing = counts.get(category) ?? { outcome, reason, category, quantity: 0 };
			existing.quantity += quantity;
			counts.set(category, existing);
		}
	}
	return [...counts.values()];
}

const unavailable = () => new ApiError(503, "failed to queue envelope", { "retry-after": "60" });

/**
 * The envelope goes on the region's queue (large ones via R2), after a write-ahead copy of its
 * message when spooling is on; only then is the event acknowledged.
 */
async function forwardToRegion(
	envelope: Envelope,
	meta: Omit<IngestEnvelopeMessage, "type" | "v" | "envelope" | "envelopeKey">,
	deps: IngestDeps,
): Promise<void> {
	const { env } = deps;
	const bytes = serializeEnvelope(envelope);
	const base = { type: "ingest.envelope" as const, v: 1 as const, ...meta };
	let message: IngestEnvelopeMessage | undefined;
	try {
		if (bytes.byteLength > MAX_INLINE_ENVELOPE_BYTES) {
			const envelopeKey = `ingest/${meta.organizationId}/${meta.projectId}/${meta.eventId}-${randomHex(4)}.envelope`;
			await withTimeout(env.EVENTS_BUCKET.put(envelopeKey, bytes), QUEUE_SEND_TIMEOUT_MS, "R2 put");
			message = { ...base, envelopeKey };
		} else {
			message = { ...base, envelope: bytesToBase64(bytes) };
		}
		if (deps.settings.ingestSpool) {
			message = await withTimeout(spoolMessage(env.EVENTS_BUCKET, message), QUEUE_SEND_TIMEOUT_MS, "spool write");
		}
		await withTimeout(env.INGEST_QUEUE.send(message), QUEUE_SEND_TIMEOUT_MS, "queue send");
	} catch (error) {
		console.error("forwarding failed", error);
		// The SDK is told to send it again, so the copy must not be queued as well.
		const spoolKey = message?.spoolKey;
		if (spoolKey) deps.waitUntil(env.EVENTS_BUCKET.delete(spoolKey).catch(() => {}));
		throw unavailable();
	}
}

function reportOutcomes(
	outcomes: OutcomeCount[],
	ids: { organizationId: number; projectId: number; keyId: number | null },
	deps: IngestDeps,
): void {
	if (!outcomes.length) return;
	const message: IngestOutcomesMessage = {
		type: "ingest.outcomes",
		v: 1,
		id: randomHex(16),
		timestamp: Date.now(),
		...ids,
		outcomes,
	};
	deps.waitUntil(deps.env.INGEST_QUEUE.send(message).catch((error) => console.error("outcomes lost", error)));
}

export async function ingest(request: IngestRequest, deps: IngestDeps): Promise<Accepted> {
	const auth = authenticated(request.auth);
	checkRegion(request, deps.settings);
	const { state, key } = await projectState(auth, request, deps);
	const ids = { organizationId: state.organizationId, projectId: state.projectId, keyId: key.numericId };
	const invalid = (error: ApiError, reason: string) => {
		reportOutcomes(countOutcomes(request.envelope.items, "invalid", reason), ids, deps);
		return error;
	};
	if (!originAllowed(state.config.allowedDomains, request.headers)) {
		throw invalid(rejected("Cors"), "cors");
	}
	const rules = checkEnvelope(request.envelope, deps.limits);
	if (!rules.ok) throw invalid(new ApiError(rules.status, rules.detail), rules.reason);
	const eventId = rules.eventId;
	let filtering: ReturnType<typeof applyInboundFilters>;
	try {
		filtering = applyInboundFilters(request.envelope, state, request);
	} catch (error) {
		if (error instanceof ApiError) throw invalid(error, "invalid_json");
		throw error;
	}
	reportOutcomes(countOutcomes(filtering.filtered, "filtered", filtering.reason ?? null), ids, deps);
	const quotas = [
		...state.config.quotas,
		...(key.rateLimit ? [keyRateLimitQuota(key.numericId, key.rateLimit.count, key.rateLimit.window)] : []),
	];
	const { accepted, limited } = await deps.checkQuotas(filtering.items, quotas, ids);
	for (const reason of new Set(limited.map(({ limit }) => limit.reasonCode ?? null))) {
		const items = limited.filter(({ limit }) => (limit.reasonCode ?? null) === reason).map(({ item }) => item);
		reportOutcomes(countOutcomes(items, "rate_limited", reason), ids, deps);
	}
	const rateLimits = limited.length ? formatRateLimits(uniqueLimits(limited.map(({ limit }) => limit))) : undefined;
	const dataLeft = accepted.some((item) => categoryOfItem(item.headers.type) !== undefined);
	const rateLimited =
		limited.length && !dataLeft && filtering.filtered.length === 0
			? new ApiError(429, RATE_LIMITED_DETAIL, {
					"retry-after": String(Math.max(...limited.map(({ limit }) => limit.retryAfter))),
					"x-sentry-rate-limits": rateLimits as string,
				})
			: undefined;
	if (accepted.length > 0) {
		const headers = eventId ? { ...request.envelope.headers, event_id: eventId } : request.envelope.headers;
		await forwardToRegion(
			{ headers, items: accepted },
			{
				eventId: eventId ?? randomHex(16),
				receivedAt: Date.now(),
				...ids,
				...(request.clientIp ? { clientIp: request.clientIp } : {}),
				...(request.headers.get("user-agent") ? { userAgent: request.headers.get("user-agent") as string } : {}),
			},
			deps,
		);
	}
	return { eventId, rateLimits, rateLimited };
}

/** One entry per limit that was hit, the longest wait of each. */
function uniqueLimits(limits: RateLimit[]): RateLimit[] {
	const byKey = new Map<string, RateLimit>();
	for (const limit of limits) {
		const key = `${limit.categories.join(";")}:${limit.scope}:${limit.reasonCode ?? ""}`;
		const known = byKey.get(key);
		if (!known || known.retryAfter < limit.retryAfter) byKey.set(key, limit);
	}
	return [...byKey.values()];
}
