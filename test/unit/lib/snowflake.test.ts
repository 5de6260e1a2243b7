import fc from "fast-check";
import { describe, it } from "vitest";
import { composeSnowflake, decomposeSnowflake, newSnowflake } from "../../../workers/lib/snowflake";

describe("snowflake ids", () => {
	it("round-trip their parts and stay exact JS integers for 68 years", ({ expect }) => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1_704_067_200, max: 1_704_067_200 + 2 ** 31 - 1 }),
				fc.integer({ min: 0, max: 1023 }),
				fc.integer({ min: 0, max: 4095 }),
				(seconds, regionSnowflakeId, sequence) => {
					const id = composeSnowflake({ seconds, regionSnowflakeId, sequence });
					expect(Number.isSafeInteger(id)).toBe(true);
					expect(decomposeSnowflake(id)).toEqual({ seconds, regionSnowflakeId, sequence });
				},
			),
		);
	});

	it("carry the region, so two regions never mint the same id", ({ expect }) => {
		const now = Date.UTC(2026, 10, 24);
		expect(decomposeSnowflake(newSnowflake(7, now)).regionSnowflakeId).toBe(7);
		const us = new Set(Array.from({ length: 200 }, () => newSnowflake(1, now)));
		const de = Array.from({ length: 200 }, () => newSnowflake(2, now));
		expect(de.some((id) => us.has(id))).toBe(false);
	});

	it("refuse a region snowflake_id outside 0..1023", ({ expect }) => {
		expect(() => newSnowflake(1024)).toThrow(RangeError);
	});
});
