import { describe, expect, it } from "vitest";
import { checkInEnvelope } from "../../../workers/relay/check-in";

const decoder = new TextDecoder();
const payloadOf = (result: ReturnType<typeof checkInEnvelope>) =>
	result.ok ? JSON.parse(decoder.decode(result.envelope.items[0]?.payload)) : result;

describe("checkInEnvelope", () => {
	it("turns the query into a check_in item with the path's slug and key", ({ expect }) => {
		const result = checkInEnvelope(
			"backup",
			{
				query: new URLSearchParams(
					"status=ok&check_in_id=5e3c8f1c-6a4b-4c1f-9d2e-1f2a3b4c5d6e&environment=prod&duration=2.5",
				),
				json: undefined,
			},
			"https://key@host/1",
		);
		expect(result.ok && result.envelope.headers).toEqual({ dsn: "https://key@host/1" });
		expect(payloadOf(result)).toEqual({
			status: "ok",
			check_in_id: "5e3c8f1c-6a4b-4c1f-9d2e-1f2a3b4c5d6e",
			environment: "prod",
			duration: 2.5,
			monitor_slug: "backup",
		});
	});

	it("takes a JSON body (with monitor_config), the path's slug winning", ({ expect }) => {
		const json = new TextEncoder().encode(
			JSON.stringify({ monitor_slug: "other", status: "in_progress", monitor_config: { schedule: "x" } }),
		);
		expect(payloadOf(checkInEnvelope("backup", { query: new URLSearchParams(), json }, undefined))).toEqual({
			monitor_slug: "backup",
			status: "in_progress",
			monitor_config: { schedule: "x" },
		});
	});

	it.each([
		["", "missing field `status`"],
		["status=ok&check_in_id=123", "invalid value for `check_in_id`: not a UUID"],
		["status=ok&duration=", "invalid value for `duration`: not a number"],
		["status=ok&duration=Infinity", "invalid value for `duration`: not a number"],
	])("refuses the query %s", (query, detail) => {
		expect(checkInEnvelope("x", { query: new URLSearchParams(query), json: undefined }, undefined)).toEqual({
			ok: false,
			detail,
		});
	});

	it("refuses a body that is not a JSON object", ({ expect }) => {
		for (const body of ["[1]", "nope", "\xff"]) {
			expect(
				checkInEnvelope("x", { query: new URLSearchParams(), json: new TextEncoder().encode(body) }, undefined),
			).toEqual({
				ok: false,
				detail: "invalid JSON data",
			});
		}
	});
});
