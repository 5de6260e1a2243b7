/**
 * Silo markers for tables (Sentry's `control_silo_model` / `region_silo_model`): every table is
 * listed under exactly one silo, and the database guard refuses SQL that names another silo's table.
 */
import { getTableName, type Table } from "drizzle-orm";
import type { Silo } from "../workers/lib/silo";

const siloByTableName = new Map<string, Silo>();

export function siloTables<T extends Record<string, Table>>(silo: Silo, tables: T): T {
	for (const table of Object.values(tables)) {
		const name = getTableName(table);
		const existing = siloByTableName.get(name);
		if (existing && existing !== silo) throw new Error(`table "${name}" is declared in both silos`);
		siloByTableName.set(name, silo);
	}
	return tables;
}

export function siloOfTable(name: string): Silo | undefined {
	return siloByTableName.get(name);
}
