import { describe, expect, it } from "vitest";
import "../../../schema/control";
import "../../../schema/region";
import { guardSiloSql, tablesNamedIn } from "../../../workers/lib/db";
import { assertSilo, SILO_MODES, type Silo, SiloLimitViolation, siloAllows } from "../../../workers/lib/silo";

describe("siloAllows", () => {
	it("lets each split mode use only its own silo and MONOLITH use both", ({ expect }) => {
		const table = SILO_MODES.map((mode) => [mode, siloAllows(mode, "control"), siloAllows(mode, "region")]);
		expect(table).toEqual([
			["CONTROL", true, false],
			["REGION", false, true],
			["MONOLITH", true, true],
		]);
	});

	it("lets the relay (NONE) use neither silo", ({ expect }) => {
		expect([siloAllows("NONE", "control"), siloAllows("NONE", "region")]).toEqual([false, false]);
	});

	it("throws SiloLimitViolation naming the resource", ({ expect }) => {
		expect(() => assertSilo("CONTROL", "region", "route GET /x")).toThrow(SiloLimitViolation);
		expect(() => assertSilo("CONTROL", "region", "route GET /x")).toThrow(
			"route GET /x belongs to the region silo and cannot be used in CONTROL mode",
		);
		expect(() => assertSilo("REGION", "region", "route GET /x")).not.toThrow();
	});
});

describe("guardSiloSql", () => {
	it("finds the tables a statement names", ({ expect }) => {
		expect(
			tablesNamedIn(
				'select "users"."id" from "users" inner join "api_tokens" on 1 where x in (select 1 from organizations)',
			),
		).toEqual(["users", "api_tokens", "organizations"]);
		expect(tablesNamedIn('insert into "projects" ("id") values (?)')).toEqual(["projects"]);
		expect(tablesNamedIn('update "project_keys" set "status" = ?')).toEqual(["project_keys"]);
	});

	it.each<[Silo, string, string]>([
		["region", 'select * from "users"', "users"],
		["region", 'delete from "control_outbox"', "control_outbox"],
		["control", 'insert into "projects" ("id") values (1)', "projects"],
		["control", 'select * from "organization_mappings" join "organizations" on 1', "organizations"],
	])("refuses SQL on the %s handle that names another silo's table: %s", (silo, sql, table) => {
		expect(() => guardSiloSql("MONOLITH", silo, sql)).toThrow(`table "${table}" belongs to the`);
	});

	it("lets SQL through that names only the handle's own tables", ({ expect }) => {
		expect(() => guardSiloSql("REGION", "region", 'select * from "projects" join "project_keys" on 1')).not.toThrow();
		expect(() => guardSiloSql("CONTROL", "control", 'select * from "users"')).not.toThrow();
	});
});
