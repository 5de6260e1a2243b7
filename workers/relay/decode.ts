/**
 * What each ingest endpoint receives, turned into one envelope for the rest of the pipeline: the
 * legacy `/store/` JSON event (plain, or base64 of zlib or of JSON), security reports (CSP and
 * friends) and minidump uploads.
 */
import { base64ToBytes } from "../lib/base64";
import { randomHex } from "../lib/crypto";
import type { Envelope, EnvelopeItem } from "../lib/envelope";
import { parseEnvelope } from "../lib/envelope";
import { jsonNestedDeeperThan } from "../lib/json-depth";
import { readAtMost } from "../lib/streams";

export type DecodeResult = { ok: true; envelope: Envelope } | { ok: false; status: 400 | 413 | 415; detail: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const jsonItem = (type: string, value: unknown, headers: Record<string, unknown> = {}): EnvelopeItem => ({
	headers: { type, ...headers },
	payload: encoder.encode(JSON.stringify(value)),
});

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	if (jsonNestedDeeperThan(text)) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === "object" && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** zlib data inflated, within `limit` bytes (a decompression bomb stops there); "invalid" if it is not zlib. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | "invalid" | "too large"> {
	try {
		const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
		return (await readAtMost(stream, limit)) ?? "too large";
	} catch {
		return "invalid";
	}
}

/**
 * `/store/`: one JSON event, or (old raven clients) base64 of zlib of it, or an envelope by content
 * type; what is inflated is held to `maxBytes`.
 */
export async function decodeStoreBody(
	bytes: Uint8Array,
	contentType: string | undefined,
	maxBytes: number,
): Promise<DecodeResult> {
	if (contentType?.startsWith("application/x-sentry-envelope")) {
		const parsed = parseEnvelope(bytes);
		return parsed.ok ? parsed : { ok: false, status: 400, detail: `invalid event envelope: ${parsed.reason}` };
	}
	const text = decoder.decode(bytes);
	let event = parseJsonObject(text);
	if (!event) {
		const decoded = base64ToBytes(text.trim());
		if (decoded) {
			const inflated = await inflate(decoded, maxBytes);
			if (inflated === "too large")
				return { ok: false, status: 413, detail: "decompressed body exceeded the size limit" };
			event = parseJsonObject(decoder.decode(inflated === "invalid" ? decoded : inflated));
		}
	}
	if (!event) return { ok: false, status: 400, detail: "invalid JSON data" };
	return { ok: true, envelope: { headers: { event_id: event.event_id }, items: [jsonItem("event", event)] } };
}

const SECURITY_TYPES = [
	"application/json",
	"application/csp-report",
	"application/expect-ct-report",
	"application/expect-ct-report+json",
	"application/expect-staple-report",
	"application/reports+json",
];

/** `/security/` and `/csp-report/`: the browser's report, kept raw for the region to turn into an event. */
export function decodeSecurityReport(
	bytes: Uint8Array,
	contentType: string | undefined,
	query: URLSearchParams,
): DecodeResult {
	const mime = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
	if (!SECURITY_TYPES.includes(mime)) return { ok: false, status: 415, detail: `unsupported media type "${mime}"` };
	const text = decoder.decode(bytes);
	try {
		JSON.parse(text);
	} catch {
		return { ok: false, status: 400, detail: "invalid JSON data" };
	}
	const headers: Record<string, unknown> = { type: "raw_security", content_type: mime };
	for (const name of ["sentry_release", "sentry_environment"]) {
		const value = query.get(name);
		if (value) headers[name] = value;
	}
	return {
		ok: true,
		envelope: {
			headers: { event_id: randomHex(16) },
			items: [{ headers: headers as EnvelopeItem["headers"], payload: bytes }],
		},
	};
}

const MINIDUMP_MAGIC = ["MDMP", "PMDM"];
const isMinidump = (bytes: Uint8Array) => MINIDUMP_MAGIC.includes(String.fromCharCode(...bytes.subarray(0, 4)));

/** `/minidump/`: multipart with `upload_file_minidump` (plus an optional `sentry` JSON event), or the raw dump. */
export async function decodeMinidump(bytes: Uint8Array, contentType: string | undefined): Promise<DecodeResult> {
	let dump: Uint8Array | undefined;
	let filename = "minidump.dmp";
	let event: Record<string, unknown> = {};
	const attachments: EnvelopeItem[] = [];
	if (contentType?.startsWith("multipart/form-data")) {
		let form: FormData;
		try {
			form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
		} catch {
			return { ok: false, status: 400, detail: "invalid multipart data" };
		}
		for (const [name, value] of form as unknown as Iterable<[string, File | string]>) {
			if (typeof value === "string") {
				if (name === "sentry") event = parseJsonObject(value) ?? event;
				continue;
			}
			const content = new Uint8Array(await value.arrayBuffer());
			if (name === "upload_file_minidump") {
				dump = content;
				filename = value.name || filename;
			} else {
				attachments.push({ headers: { type: "attachment", filename: value.name || name }, payload: content });
			}
		}
		if (!dump) return { ok: false, status: 400, detail: "missing minidump" };
	} else {
		dump = bytes;
	}
	if (!isMinidump(dump)) return { ok: false, status: 400, detail: "invalid minidump" };
	const eventId = randomHex(16);
	return {
		ok: true,
		envelope: {
			headers: { event_id: eventId },
			items: [
				jsonItem("event", { level: "fatal", platform: "native", ...event, event_id: eventId }),
				{ headers: { type: "attachment", filename, attachment_type: "event.minidump" }, payload: dump },
				...attachments,
			],
		},
	};
}
