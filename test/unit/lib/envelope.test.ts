import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Envelope, parseEnvelope, serializeEnvelope } from "../../../workers/lib/envelope";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The sample envelope of the protocol reference: explicit and implicit lengths, \r\n inside a payload. */
const SAMPLE = [
	'{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://e12d836b15bb49d7bbf99e64295d995b@o1.ingest.us.example.com/42"}',
	'{"type":"event","length":41,"content_type":"application/json"}',
	'{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}'.slice(0, 41),
	'{"type":"attachment","length":13,"filename":"log.txt"}',
	"hello\r\nworld\n",
	'{"type":"client_report"}',
	'{"discarded_events":[]}',
	'{"type":"session","length":2}',
	"{}",
].join("\n");

describe("parseEnvelope", () => {
	it("reads items with and without length, keeping \\r\\n and newlines inside payloads", ({ expect }) => {
		const result = parseEnvelope(encode(SAMPLE));
		if (!result.ok) throw new Error(result.reason);
		expect(result.envelope.headers.event_id).toBe("9ec79c33ec9942ab8353589fcb2e04dc");
		expect(result.envelope.items.map((item) => item.headers.type)).toEqual([
			"event",
			"attachment",
			"client_report",
			"session",
		]);
		expect(decode(result.envelope.items[1]?.payload ?? new Uint8Array())).toBe("hello\r\nworld\n");
		expect(decode(result.envelope.items[2]?.payload ?? new Uint8Array())).toBe('{"discarded_events":[]}');
	});

	it("accepts a header-only envelope, a missing trailing newline and unknown item types", ({ expect }) => {
		expect(parseEnvelope(encode("{}"))).toMatchObject({ ok: true, envelope: { items: [] } });
		const unknown = parseEnvelope(encode('{}\n{"type":"future_thing"}\npayload'));
		expect(unknown).toMatchObject({ ok: true, envelope: { items: [{ headers: { type: "future_thing" } }] } });
	});

	it("keeps binary payloads byte for byte", ({ expect }) => {
		const binary = Uint8Array.from({ length: 256 }, (_, index) => index);
		const bytes = serializeEnvelope({ headers: {}, items: [{ headers: { type: "attachment" }, payload: binary }] });
		const result = parseEnvelope(bytes);
		expect(result.ok && [...(result.envelope.items[0]?.payload ?? [])]).toEqual([...binary]);
	});

	it.each([
		["a header that is not JSON", "not json\n"],
		["a header that is an array", "[]\n"],
		["an item without a type", '{}\n{"length":2}\n{}'],
		["a payload shorter than its length", '{}\n{"type":"event","length":10}\n{}'],
		["a payload not followed by a newline", '{}\n{"type":"event","length":2}\n{}X'],
		["a negative length", '{}\n{"type":"event","length":-1}\n'],
		["an item header that is not JSON", "{}\nnope\n"],
	])("rejects %s", (_, text) => {
		expect(parseEnvelope(encode(text)).ok).toBe(false);
	});

	it("rejects invalid UTF-8 in headers and absurd nesting without throwing", ({ expect }) => {
		expect(parseEnvelope(Uint8Array.from([0xff, 0xfe, 0x7b, 0x7d])).ok).toBe(false);
		expect(parseEnvelope(encode(`${"[".repeat(100_000)}\n`)).ok).toBe(false);
	});
});

const itemArbitrary = fc.record({
	headers: fc.record({ type: fc.constantFrom("event", "attachment", "session", "weird"), filename: fc.string() }),
	payload: fc.uint8Array({ maxLength: 200 }),
});
const envelopeArbitrary: fc.Arbitrary<Envelope> = fc.record({
	headers: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
	items: fc.array(itemArbitrary, { maxLength: 5 }),
});

describe("parseEnvelope properties", () => {
	it("never throws, whatever the bytes", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
				parseEnvelope(bytes);
			}),
			{ numRuns: 2000 },
		);
	});

	it("reads back exactly what was serialized", ({ expect }) => {
		fc.assert(
			fc.property(envelopeArbitrary, (envelope) => {
				const result = parseEnvelope(serializeEnvelope(envelope));
				expect(result.ok).toBe(true);
				if (!result.ok) return;
				expect(result.envelope.items.length).toBe(envelope.items.length);
				result.envelope.items.forEach((item, index) => {
					expect([...item.payload]).toEqual([...(envelope.items[index]?.payload ?? [])]);
					expect(item.headers.type).toBe(envelope.items[index]?.headers.type);
				});
			}),
			{ numRuns: 300 },
		);
	});

	it("never accepts a truncated envelope as valid when the cut falls inside a length-prefixed payload", ({
		expect,
	}) => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 2, maxLength: 100 }), fc.nat(), (payload, cut) => {
				const bytes = serializeEnvelope({ headers: {}, items: [{ headers: { type: "attachment" }, payload }] });
				const headerEnd = bytes.indexOf(10, 3) + 1;
				const end = headerEnd + 1 + (cut % (payload.length - 1));
				expect(parseEnvelope(bytes.subarray(0, end)).ok).toBe(false);
			}),
			{ numRuns: 300 },
		);
	});
});

/**
 * Corrupting a valid multi-item envelope. Payloads never contain `{` and start with a NUL byte when
 * not empty, so no part of a payload can pass for a header line: whatever the parser accepts must
 * come from the original structure.
 */
const safePayload = fc
	.uint8Array({ maxLength: 40 })
	.map((bytes) => (bytes.length ? Uint8Array.from([0, ...bytes.map((byte) => (byte === 0x7b ? 0x7a : byte))]) : bytes));
const multiItemEnvelope: fc.Arbitrary<Envelope> = fc.record({
	headers: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
	items: fc.array(
		fc.record({
			headers: fc.record({ type: fc.constantFrom("event", "attachment", "session", "weird"), filename: fc.string() }),
			payload: safePayload,
		}),
		{ minLength: 2, maxLength: 5 },
	),
});

interface Layout {
	bytes: Uint8Array;
	/** Per item: where its header line starts and ends (the newline), and where its payload starts and ends (the newline). */
	items: { headerStart: number; headerEnd: number; payloadStart: number; payloadEnd: number }[];
	envelopeHeaderEnd: number;
}

/** The canonical serialization, with the offsets of every line; `lengths` overrides declared lengths. */
function layout(envelope: Envelope, lengths: (number | undefined)[] = []): Layout {
	const text: number[] = [];
	const push = (bytes: Uint8Array) => {
		for (const byte of bytes) text.push(byte);
	};
	push(encode(JSON.stringify(envelope.headers)));
	const envelopeHeaderEnd = text.length;
	push(encode("\n"));
	const items = envelope.items.map((item, index) => {
		const headerStart = text.length;
		push(encode(JSON.stringify({ ...item.headers, length: lengths[index] ?? item.payload.byteLength })));
		const headerEnd = text.length;
		push(encode("\n"));
		const payloadStart = text.length;
		push(item.payload);
		const payloadEnd = text.length;
		push(encode("\n"));
		return { headerStart, headerEnd, payloadStart, payloadEnd };
	});
	return { bytes: Uint8Array.from(text), items, envelopeHeaderEnd };
}

const sameItem = (actual: Envelope["items"][number] | undefined, expected: Envelope["items"][number] | undefined) =>
	actual !== undefined &&
	expected !== undefined &&
	actual.headers.type === expected.headers.type &&
	actual.headers.filename === expected.headers.filename &&
	actual.payload.length === expected.payload.length &&
	actual.payload.every((byte, index) => byte === expected.payload[index]);

/** Accepted items must be the original's, in order, from the first (a prefix of them). */
function expectOriginalPrefix(result: ReturnType<typeof parseEnvelope>, original: Envelope) {
	if (!result.ok) return;
	expect(result.envelope.items.length).toBeLessThanOrEqual(original.items.length);
	result.envelope.items.forEach((item, index) => {
		expect(sameItem(item, original.items[index])).toBe(true);
	});
}

describe("parseEnvelope on corrupted multi-item envelopes", () => {
	it("cut anywhere: rejects, or returns the items that were complete before the cut", () => {
		fc.assert(
			fc.property(multiItemEnvelope, fc.nat(), (envelope, cut) => {
				const { bytes, items } = layout(envelope);
				const end = cut % bytes.length;
				const result = parseEnvelope(bytes.subarray(0, end));
				expectOriginalPrefix(result, envelope);
				if (result.ok) {
					// Only whole items survive, and only a cut on a line boundary is accepted.
					const complete = items.filter((item) => item.payloadEnd <= end).length;
					expect(result.envelope.items.length).toBe(complete);
				}
				const insidePayload = items.some((item) => end > item.payloadStart && end < item.payloadEnd);
				if (insidePayload) expect(result.ok).toBe(false);
			}),
			{ numRuns: 1500 },
		);
	});

	it("a changed length: rejects, unless the new length ends exactly where a later item ended", () => {
		fc.assert(
			fc.property(multiItemEnvelope, fc.nat(), fc.integer({ min: -3, max: 400 }), (envelope, which, newLength) => {
				const index = which % envelope.items.length;
				const original = envelope.items[index]?.payload.byteLength ?? 0;
				fc.pre(newLength !== original);
				const { bytes, items } = layout(
					envelope,
					envelope.items.map((_, i) => (i === index ? newLength : undefined)),
				);
				const result = parseEnvelope(bytes);
				const start = items[index]?.payloadStart ?? 0;
				const end = start + newLength;
				// Such a length makes a valid envelope by the spec (the item swallows the following ones).
				const swallowed = items.findIndex((item, i) => i > index && item.payloadEnd === end);
				const swallowsAll = end === bytes.length;
				expect(result.ok).toBe(newLength >= 0 && (swallowed !== -1 || swallowsAll));
				if (!result.ok) return;
				const kept = result.envelope.items;
				kept.slice(0, index).forEach((item, i) => {
					expect(sameItem(item, envelope.items[i])).toBe(true);
				});
				expect([...(kept[index]?.payload ?? [])]).toEqual([...bytes.subarray(start, end)]);
				const after = swallowsAll ? [] : envelope.items.slice(swallowed + 1);
				expect(kept.length).toBe(index + 1 + after.length);
				after.forEach((item, i) => {
					expect(sameItem(kept[index + 1 + i], item)).toBe(true);
				});
			}),
			{ numRuns: 1500 },
		);
	});

	it("a broken header line: rejects, or returns only original items", () => {
		const breakages = ["drop closing brace", "newline inside", "drop its newline", "cut short"] as const;
		fc.assert(
			fc.property(
				multiItemEnvelope,
				fc.nat(),
				fc.constantFrom(...breakages),
				fc.nat(),
				(envelope, which, breakage, at) => {
					const { bytes, items, envelopeHeaderEnd } = layout(envelope);
					const lines = [{ start: 0, end: envelopeHeaderEnd }].concat(
						items.map((item) => ({ start: item.headerStart, end: item.headerEnd })),
					);
					const line = lines[which % lines.length] ?? { start: 0, end: envelopeHeaderEnd };
					const inside = line.start + 1 + (at % (line.end - line.start - 1));
					const before = [...bytes.subarray(0, line.start)];
					const header = [...bytes.subarray(line.start, line.end)];
					const rest = [...bytes.subarray(line.end + 1)];
					const broken: Record<(typeof breakages)[number], number[]> = {
						"drop closing brace": [...before, ...header.slice(0, -1), 10, ...rest],
						"newline inside": [...before, ...bytes.subarray(line.start, inside), 10, ...bytes.subarray(inside)],
						"drop its newline": [...before, ...header, ...rest],
						"cut short": [...before, ...bytes.subarray(line.start, inside), 10, ...rest],
					};
					const result = parseEnvelope(Uint8Array.from(broken[breakage]));
					expectOriginalPrefix(result, envelope);
					if (breakage !== "drop its newline") expect(result.ok).toBe(false);
				},
			),
			{ numRuns: 1500 },
		);
	});
});
