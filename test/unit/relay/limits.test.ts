import { describe, expect, it } from "vitest";
import { itemLimit, parseLimits } from "../../../workers/relay/limits";

describe("INGEST_LIMITS", () => {
	it("defaults to the documented limits and takes overrides", () => {
		expect(parseLimits(undefined)).toMatchObject({ maxEventBytes: 1024 * 1024, maxItemsPerEnvelope: 100 });
		const limits = parseLimits(JSON.stringify({ maxEventBytes: 2048, maxItemsPerEnvelope: 5 }));
		expect(limits).toMatchObject({ maxEventBytes: 2048, maxItemsPerEnvelope: 5, maxAttachmentBytes: 20 * 1024 * 1024 });
		expect(itemLimit("transaction", limits)).toBe(2048);
	});

	it.each([
		["{not json", /^invalid settings: INGEST_LIMITS: not valid JSON$/],
		['{"maxEventBytes": -1}', /INGEST_LIMITS\.maxEventBytes: /],
		['{"maxAttachmentBytes": "20MB"}', /INGEST_LIMITS\.maxAttachmentBytes: /],
		['{"maxItemsPerEnvelope": 1.5}', /INGEST_LIMITS\.maxItemsPerEnvelope: /],
		['{"maxEventByte": 1000}', /INGEST_LIMITS\.maxEventByte: /],
		["[1]", /^invalid settings: INGEST_LIMITS: /],
	])("refuses %s, naming the field", (json, message) => {
		expect(() => parseLimits(json)).toThrow(message);
		expect(() => parseLimits(json)).toThrow(expect.objectContaining({ name: "SettingsError" }));
	});
});
