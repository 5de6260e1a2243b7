/**
 * Relay's monitor endpoint turned into a `check_in` item: a JSON body (which may carry
 * `monitor_config`) or, for GET and other bodies, the query's `status`, `check_in_id`,
 * `environment` and `duration`. The path's monitor slug wins over the body's. The region validates
 * the rest, as for check-ins from envelopes.
 */
import type { Envelope } from "../lib/envelope";
import { jsonNestedDeeperThan } from "../lib/json-depth";

export type CheckInRequest = { ok: true; envelope: Envelope } | { ok: false; detail: string };

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function fromQuery(query: URLSearchParams): Record<string, unknown> | string {
	const status = query.get("status");
	if (!status) return "missing field `status`";
	const checkIn: Record<string, unknown> = { status };
	const id = query.get("check_in_id");
	if (id !== null) {
		if (!UUID.test(id)) return "invalid value for `check_in_id`: not a UUID";
		checkIn.check_in_id = id;
	}
	const environment = query.get("environment");
	if (environment !== null) checkIn.environment = environment;
	const duration = query.get("duration");
	if (duration !== null) {
		const seconds = Number(duration);
		if (duration.trim() === "" || !Number.isFinite(seconds)) return "invalid value for `duration`: not a number";
		checkIn.duration = seconds;
	}
	return checkIn;
}

function fromJson(bytes: Uint8Array): Record<string, unknown> | string {
	if (jsonNestedDeeperThan(bytes)) return "invalid JSON data";
	try {
		const value: unknown = JSON.parse(decoder.decode(bytes));
		if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {}
	return "invalid JSON data";
}

/** `dsn`: the path's DSN key, as an envelope header, so the usual authentication checks it. */
export function checkInEnvelope(
	slug: string,
	request: { query: URLSearchParams; json: Uint8Array | undefined },
	dsn: string | undefined,
): CheckInRequest {
	const checkIn = request.json ? fromJson(request.json) : fromQuery(request.query);
	if (typeof checkIn === "string") return { ok: false, detail: checkIn };
	const payload = encoder.encode(JSON.stringify({ ...checkIn, monitor_slug: slug }));
	return { ok: true, envelope: { headers: dsn ? { dsn } : {}, items: [{ headers: { type: "check_in" }, payload }] } };
}
