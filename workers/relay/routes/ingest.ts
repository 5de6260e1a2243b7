/**
 * Sentry's ingest endpoints (Relay's endpoints/mod.rs): envelope, legacy store, security reports,
 * minidumps and OTLP/HTTP logs, each decoded into an envelope and handed to the one pipeline (../ingest.ts).
 * Every answer, errors included, carries the CORS headers browser SDKs need.
 */
import { type Context, Hono } from "hono";
import { clientIp } from "../../lib/client-ip";
import { parseEnvelope } from "../../lib/envelope";
import { ApiError } from "../../lib/errors";
import type { RelayRpcVariables } from "../../lib/hono";
import { jsonNestedDeeperThan } from "../../lib/json-depth";
import { settingsOf } from "../../lib/settings";
import { extractAuth } from "../auth";
import { readBody } from "../body";
import { CORS_HEADERS } from "../cors";
import { type DecodeResult, decodeMinidump, decodeSecurityReport, decodeStoreBody } from "../decode";
import type { RelayBindings } from "../env";
import { ingest } from "../ingest";
import { type Limits, parseLimits } from "../limits";
import { logContainer, sentryLogsOfOtlp } from "../otlp/logs";
import { exportLogsResponseProtobuf, otlpJsonOfProtobuf } from "../otlp/protobuf";
import { isolateQuotaLeases } from "../quota-check";

export type RelayContext = Context<{ Bindings: RelayBindings; Variables: RelayRpcVariables }>;

const limitsCache = new WeakMap<object, Limits>();
export function limitsOf(env: RelayBindings): Limits {
	let limits = limitsCache.get(env);
	if (!limits) {
		limits = parseLimits(env.INGEST_LIMITS);
		limitsCache.set(env, limits);
	}
	return limits;
}

export async function body(c: RelayContext, maxDecodedBytes: number): Promise<Uint8Array> {
	const result = await readBody(c.req.raw.body, c.req.header("content-encoding") ?? null, {
		maxRequestBytes: limitsOf(c.env).maxRequestBytes,
		maxDecodedBytes,
	});
	if (!result.ok) throw new ApiError(result.status, result.detail);
	return result.bytes;
}

function decoded(result: DecodeResult) {
	if (!result.ok) throw new ApiError(result.status, result.detail);
	return result.envelope;
}

const query = (c: RelayContext) => new URL(c.req.url).searchParams;

/**
 * Runs the pipeline and sets `X-Sentry-Rate-Limits` when a quota dropped some items. When it dropped
 * all the data the answer is Relay's 429, except where Relay never answers 429 (`answer429: false`,
 * minidumps: their clients retry).
 */
export async function run(c: RelayContext, envelope: ReturnType<typeof decoded>, { answer429 = true } = {}) {
	const settings = settingsOf(c.env);
	const result = await ingest(
		{
			projectId: Number(c.req.param("projectId")),
			host: c.req.header("host") ?? new URL(c.req.url).host,
			headers: c.req.raw.headers,
			clientIp: clientIp(c.req.raw.headers, settings.trustedProxies),
			auth: extractAuth({ headers: c.req.raw.headers, query: query(c), envelopeDsn: envelope.headers.dsn }),
			envelope,
		},
		{
			env: c.env,
			settings,
			limits: limitsOf(c.env),
			fromRegion: (publicKey) => c.get("relayRpc").getProjectConfig({ publicKey }),
			checkQuotas: (items, quotas, scope) =>
				isolateQuotaLeases.check(items, quotas, scope, { namespace: c.env.QUOTA_COUNTER }),
			waitUntil: (promise) => c.executionCtx.waitUntil(promise),
		},
	);
	if (result.rateLimited && answer429) throw result.rateLimited;
	if (result.rateLimits) c.header("x-sentry-rate-limits", result.rateLimits);
	return result;
}

/** Auth problems answer before body problems, as Relay's extractors do. */
export function authFirst(c: RelayContext) {
	const auth = extractAuth({ headers: c.req.raw.headers, query: query(c) });
	if (!auth.ok && auth.detail !== "missing authorization information") throw new ApiError(auth.status, auth.detail);
	return auth;
}

const PROJECT = "/api/:projectId{[1-9][0-9]*}";
const OTLP_LOGS = [`${PROJECT}/integration/otlp/v1/logs`, `${PROJECT}/integration/otlp/v1/logs/`];

const OTLP_PROTOBUF = new Set(["application/x-protobuf", "application/protobuf"]);
const RATE_LIMITED_LOGS = "rate limited: a quota dropped these logs";

/**
 * OTLP/HTTP's success answer, an ExportLogsServiceResponse in the request's encoding: partial when
 * a quota refused the logs.
 */
function exportLogsResponse(c: RelayContext, protobuf: boolean, rejectedLogRecords: number) {
	if (protobuf) {
		return c.body(exportLogsResponseProtobuf(rejectedLogRecords, RATE_LIMITED_LOGS) as Uint8Array<ArrayBuffer>, 200, {
			"content-type": "application/x-protobuf",
		});
	}
	return c.json(rejectedLogRecords ? { partialSuccess: { rejectedLogRecords, errorMessage: RATE_LIMITED_LOGS } } : {});
}

/** The request as OTLP's JSON encoding, whichever encoding it came in. */
function otlpRequest(bytes: Uint8Array, protobuf: boolean): unknown {
	if (protobuf) return otlpJsonOfProtobuf(bytes);
	if (jsonNestedDeeperThan(bytes)) return undefined;
	try {
		return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
	} catch {
		return undefined;
	}
}

export const ingestRoutes = new Hono<{ Bindings: RelayBindings; Variables: RelayRpcVariables }>()
	.use(`${PROJECT}/*`, async (c, next) => {
		await next();
		for (const [name, value] of Object.entries(CORS_HEADERS)) c.res.headers.set(name, value);
	})
	.options(`${PROJECT}/*`, (c) => c.body(null, 200))
	.on("POST", [`${PROJECT}/envelope/`, `${PROJECT}/envelope`], async (c) => {
		const auth = authFirst(c);
		const parsed = parseEnvelope(await body(c, limitsOf(c.env).maxEnvelopeBytes));
		if (!parsed.ok) {
			if (!auth.ok) throw new ApiError(auth.status, auth.detail);
			throw new ApiError(400, `invalid event envelope: ${parsed.reason}`);
		}
		const { eventId } = await run(c, parsed.envelope);
		return c.json(eventId ? { id: eventId } : {});
	})
	.post(`${PROJECT}/store/`, async (c) => {
		const auth = authFirst(c);
		if (!auth.ok) throw new ApiError(auth.status, auth.detail);
		const { maxStoreBytes } = limitsOf(c.env);
		const envelope = decoded(
			await decodeStoreBody(await body(c, maxStoreBytes), c.req.header("content-type"), maxStoreBytes),
		);
		const { eventId } = await run(c, envelope);
		return c.json({ id: eventId });
	})
	.on("POST", [`${PROJECT}/security/`, `${PROJECT}/csp-report/`], async (c) => {
		const auth = authFirst(c);
		if (!auth.ok) throw new ApiError(auth.status, auth.detail);
		const bytes = await body(c, limitsOf(c.env).maxSecurityReportBytes);
		await run(c, decoded(decodeSecurityReport(bytes, c.req.header("content-type"), query(c))));
		return c.body(null, 200);
	})
	.on("POST", OTLP_LOGS, async (c) => {
		const auth = authFirst(c);
		if (!auth.ok) throw new ApiError(auth.status, auth.detail);
		const mime = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
		const protobuf = OTLP_PROTOBUF.has(mime);
		if (!protobuf && mime !== "application/json")
			throw new ApiError(
				415,
				`unsupported media type "${mime}": OTLP/HTTP logs are application/json or application/x-protobuf`,
			);
		const request = otlpRequest(await body(c, limitsOf(c.env).maxLogContainerBytes), protobuf);
		const logs = sentryLogsOfOtlp(request, Date.now());
		if (!logs) throw new ApiError(400, `invalid OTLP/HTTP logs request (${protobuf ? "protobuf" : "JSON"})`);
		// Relay answers OTLP logs without 429: a quota's refusal is a partial success. An empty export
		// still goes through, so that the key and project are checked.
		const items = logs.length ? [logContainer(logs)] : [];
		const { rateLimits } = await run(c, { headers: {}, items }, { answer429: false });
		return exportLogsResponse(c, protobuf, rateLimits ? logs.length : 0);
	})
	.on("POST", [`${PROJECT}/minidump/`, `${PROJECT}/minidump`], async (c) => {
		const auth = authFirst(c);
		if (!auth.ok) throw new ApiError(auth.status, auth.detail);
		const bytes = await body(c, limitsOf(c.env).maxEnvelopeBytes);
		const envelope = decoded(await decodeMinidump(bytes, c.req.header("content-type")));
		const { eventId = "" } = await run(c, envelope, { answer429: false });
		const hyphenated = eventId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
		return c.text(hyphenated);
	});
