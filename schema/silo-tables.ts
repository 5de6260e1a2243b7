/**
 * Silo markers for tables (Sentry's `control_silo_model` / `region_silo_model`): every table is
 * listed under exactly one silo, and the database guard refuses SQL that names another silo's table.
 */
import { getTableName, is, Table } from "drizzle-orm";
import type { Silo } from "../workers/lib/silo";

const siloByTableName = new Map<string, Silo>();

type TablesOf<T> = { [K in keyof T as T[K] extends Table ? K : never]: T[K] };

/** The tables among `exports` (a schema module's exports), each marked as `silo`'s. */
export function siloTables<T extends Record<string, unknown>>(silo: Silo, exports: T): TablesOf<T> {
	const tables = Object.fromEntries(Object.entries(exports).filter(([, value]) => is(value, Table)));
	for (const table of Object.values(tables) as Table[]) {
		const name = getTableName(table);
		const existing = siloByTableName.get(name);
		if (existing && existing !== silo) throw new Error(`table "${name}" is declared in both silos`);
		siloByTableName.set(name, silo);
	}
	return tables as TablesOf<T>;
}

export function siloOfTable(name: string): Silo | undefined {
	return siloByTableName.get(name);
}
