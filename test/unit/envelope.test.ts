import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Envelope, parseEnvelope, serializeEnvelope } from "../../workers/lib/envelope";

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
