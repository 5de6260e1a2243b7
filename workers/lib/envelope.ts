/**
 * Sentry envelopes (develop.sentry.dev/sdk/data-model/envelopes): a JSON header line, then items,
 * each a JSON header line and a payload of `length` bytes or, without `length`, up to the next
 * newline. Payloads are bytes (attachments may be binary); only header lines are decoded as text.
 * Parsing never throws: it returns the envelope or the reason it is malformed.
 */
import { jsonNestedDeeperThan } from "./json-depth";

export type EnvelopeHeaders = Record<string, unknown>;
export interface EnvelopeItemHeaders extends Record<string, unknown> {
	type: string;
}
export interface EnvelopeItem {
	headers: EnvelopeItemHeaders;
	payload: Uint8Array;
}
export interface Envelope {
	headers: EnvelopeHeaders;
	items: EnvelopeItem[];
}

export type EnvelopeParseResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

function parseHeaderLine(bytes: Uint8Array): Record<string, unknown> | string {
	if (jsonNestedDeeperThan(bytes)) return "header nested too deeply";
	let value: unknown;
	try {
		value = JSON.parse(utf8.decode(bytes));
	} catch (error) {
		return error instanceof RangeError ? "header nested too deeply" : "header is not valid UTF-8 JSON";
	}
	if (typeof value !== "object" || value === null || Array.isArray(value)) return "header is not a JSON object";
	return value as Record<string, unknown>;
}

function lineEnd(bytes: Uint8Array, from: number): number {
	const index = bytes.indexOf(NEWLINE, from);
	return index === -1 ? bytes.length : index;
}

export function parseEnvelope(bytes: Uint8Array): EnvelopeParseResult {
	const headerEnd = lineEnd(bytes, 0);
	const headers = parseHeaderLine(bytes.subarray(0, headerEnd));
	if (typeof headers === "string") return { ok: false, reason: `envelope ${headers}` };
	const items: EnvelopeItem[] = [];
	let position = headerEnd + 1;
	while (position < bytes.length) {
		const itemHeaderEnd = lineEnd(bytes, position);
		const itemHeaders = parseHeaderLine(bytes.subarray(position, itemHeaderEnd));
		if (typeof itemHeaders === "string") return { ok: false, reason: `item ${items.length}: ${itemHeaders}` };
		if (typeof itemHeaders.type !== "string" || itemHeaders.type === "") {
			return { ok: false, reason: `item ${items.length}: missing item type` };
		}
		position = itemHeaderEnd + 1;
		const { length } = itemHeaders;
		let payload: Uint8Array;
		if (length === undefined || length === null) {
			const payloadEnd = lineEnd(bytes, position);
			payload = bytes.slice(position, payloadEnd);
			position = payloadEnd + 1;
		} else {
			if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0) {
				return { ok: false, reason: `item ${items.length}: invalid length` };
			}
			if (position + length > bytes.length) return { ok: false, reason: `item ${items.length}: payload truncated` };
			payload = bytes.slice(position, position + length);
			position += length;
			if (position < bytes.length && bytes[position] !== NEWLINE) {
				return { ok: false, reason: `item ${items.length}: payload not followed by a newline` };
			}
			position += 1;
		}
		items.push({ headers: itemHeaders as EnvelopeItemHeaders, payload });
	}
	return { ok: true, envelope: { headers, items } };
}

/** The canonical form: every item with an explicit `length`, each line ending in a newline. */
export function serializeEnvelope(envelope: Envelope): Uint8Array<ArrayBuffer> {
	const parts: Uint8Array[] = [encoder.encode(`${JSON.stringify(envelope.headers)}\n`)];
	for (const item of envelope.items) {
		parts.push(encoder.encode(`${JSON.stringify({ ...item.headers, length: item.payload.byteLength })}\n`));
		parts.push(item.payload, encoder.encode("\n"));
	}
	const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}
