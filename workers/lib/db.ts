/**
 * Silo-scoped database handles. A handle is only handed out in a mode that may use its silo, and
 * the D1 binding behind it refuses SQL naming a table of the other silo, so a stray query fails
 * with `SiloLimitViolation` instead of "no such table" (or, in MONOLITH, silently working).
 */
import { drizzle } from "drizzle-orm/d1";
import { controlSchema } from "../../schema/control";
import { regionSchema } from "../../schema/region";
import { siloOfTable } from "../../schema/silo-tables";
import { assertSilo, type Silo, SiloLimitViolation, type SiloMode } from "./silo";

const TABLE_REFERENCE = /\b(?:from|into|update|join|table)\s+["`]?([A-Za-z_][A-Za-z0-9_]*)["`]?/gi;

/** Names of the tables a SQL statement reads or writes. */
export function tablesNamedIn(sql: string): string[] {
	return [...sql.matchAll(TABLE_REFERENCE)].map((match) => match[1] as string);
}

export function guardSiloSql(mode: SiloMode, silo: Silo, sql: string): void {
	for (const table of tablesNamedIn(sql)) {
		const owner = siloOfTable(table);
		if (owner !== undefined && owner !== silo) throw new SiloLimitViolation(mode, owner, `table "${table}"`);
	}
}

function guardedD1(binding: D1Database, mode: SiloMode, silo: Silo): D1Database {
	return new Proxy(binding, {
		get(target, property) {
			if (property === "prepare" || property === "exec") {
				return (sql: string) => {
					guardSiloSql(mode, silo, sql);
					return property === "prepare" ? target.prepare(sql) : target.exec(sql);
				};
			}
			const value = Reflect.get(target, property, target);
			return typeof value === "function" ? value.bind(target) : value;
		},
	});
}

export function controlDb(mode: SiloMode, binding: D1Database | undefined) {
	assertSilo(mode, "control", "database CONTROL_DB");
	if (!binding) throw new Error("CONTROL_DB is not bound to this worker");
	return drizzle(guardedD1(binding, mode, "control"), { schema: controlSchema });
}

export function regionDb(mode: SiloMode, binding: D1Database | undefined) {
	assertSilo(mode, "region", "database REGION_DB");
	if (!binding) throw new Error("REGION_DB is not bound to this worker");
	return drizzle(guardedD1(binding, mode, "region"), { schema: regionSchema });
}

export type ControlDb = ReturnType<typeof controlDb>;
export type RegionDb = ReturnType<typeof regionDb>;

/** D1 binds at most 100 parameters per statement: an `inArray` list this long leaves room for the rest. */
export const IN_LIST_LIMIT = 90;

/** `items` in consecutive slices of at most `size`: parameter lists, multi-row inserts, queue batches. */
export function* slicesOf<T>(items: readonly T[], size: number): Generator<T[]> {
	for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** A write refused by a UNIQUE index (D1 reports it in the error's cause or message). */
export const isUniqueViolation = (error: unknown) =>
	error instanceof Error && /UNIQUE constraint failed/.test(String(error.cause ?? error.message));
