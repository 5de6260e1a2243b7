/**
 * Sentry ingest authentication (Relay's request_meta.rs): the DSN public key may come from
 * `X-Sentry-Auth: Sentry …`, `Authorization: Sentry …`, `Authorization: Basic base64(key:)`,
 * `sentry_key` in the query string, or the envelope header `dsn` — exactly one of them.
 */
export const PROTOCOL_VERSION = 7;

export interface IngestAuth {
	publicKey: string;
	client: string | undefined;
}

export type AuthResult = { ok: true; auth: IngestAuth } | { ok: false; status: 400 | 401; detail: string };

const PUBLIC_KEY = /^[0-9a-f]{32}$/;

/** `Sentry sentry_key=…, sentry_version=7` → its pairs; undefined if it is not Sentry's scheme. */
function parseSentryScheme(value: string): Map<string, string> | undefined {
	const match = /^\s*sentry\s+(.*)$/is.exec(value);
	if (!match) return undefined;
	const pairs = new Map<string, string>();
	for (const part of (match[1] ?? "").split(",")) {
		const [key, ...rest] = part.split("=");
		if (key?.trim() && rest.length) pairs.set(key.trim().toLowerCase(), rest.join("=").trim());
	}
	return pairs;
}

function parseBasic(value: string): Map<string, string> | undefined {
	const match = /^\s*basic\s+(\S+)\s*$/i.exec(value);
	if (!match) return undefined;
	try {
		const [key] = atob(match[1] ?? "").split(":");
		return new Map([["sentry_key", key ?? ""]]);
	} catch {
		return new Map([["sentry_key", ""]]);
	}
}

/** The public key of a DSN like `https://<key>[:secret]@host/<project>`. */
export function publicKeyOfDsn(dsn: unknown): string | undefined {
	if (typeof dsn !== "string") return undefined;
	try {
		return new URL(dsn).username || undefined;
	} catch {
		return undefined;
	}
}

export function extractAuth(input: {
	headers: Headers;
	query: URLSearchParams;
	/** The envelope header `dsn`, when the body is an envelope that has one. */
	envelopeDsn?: unknown;
}): AuthResult {
	const sources: Map<string, string>[] = [];
	const sentryAuth = input.headers.get("x-sentry-auth");
	if (sentryAuth) {
		const parsed = parseSentryScheme(sentryAuth);
		if (!parsed) return { ok: false, status: 401, detail: "bad x-sentry-auth header" };
		sources.push(parsed);
	}
	const authorization = input.headers.get("authorization");
	if (authorization) {
		const parsed = parseSentryScheme(authorization) ?? parseBasic(authorization);
		if (parsed) sources.push(parsed);
	}
	if ([...input.query.keys()].some((key) => key.startsWith("sentry_"))) {
		sources.push(new Map([...input.query].filter(([key]) => key.startsWith("sentry_"))));
	}
	if (sources.length > 1) return { ok: false, status: 401, detail: "multiple authorization payloads detected" };

	const envelopeKey = input.envelopeDsn === undefined ? undefined : publicKeyOfDsn(input.envelopeDsn);
	const source = sources[0];
	if (!source) {
		if (input.envelopeDsn !== undefined && !envelopeKey) {
			return { ok: false, status: 401, detail: "bad envelope authentication header" };
		}
		if (!envelopeKey) return { ok: false, status: 401, detail: "missing authorization information" };
		return checkKey(envelopeKey, undefined);
	}
	const version = source.get("sentry_version");
	if (version !== undefined && !(Number(version) <= PROTOCOL_VERSION)) {
		return { ok: false, status: 400, detail: `unsupported protocol version (${version})` };
	}
	const key = source.get("sentry_key");
	if (!key) return { ok: false, status: 401, detail: "missing authorization information" };
	if (envelopeKey && envelopeKey !== key.split(".")[0]) {
		return { ok: false, status: 401, detail: "multiple authorization payloads detected" };
	}
	return checkKey(key, source.get("sentry_client"));
}

function checkKey(rawKey: string, client: string | undefined): AuthResult {
	// Relay accepts `<key>.<flag>` (e.g. `.no-cache`); the flag does not change the key.
	const publicKey = rawKey.split(".")[0]?.toLowerCase() ?? "";
	if (!PUBLIC_KEY.test(publicKey)) return { ok: false, status: 400, detail: "bad sentry DSN public key" };
	return { ok: true, auth: { publicKey, client } };
}
