/** Rows that expire in a Durable Object's SQLite storage: an alarm at the next expiry deletes them. */

/** Makes sure an alarm fires by `at`. */
export async function expireBy(storage: DurableObjectStorage, at: number): Promise<void> {
	const current = await storage.getAlarm();
	if (current === null || current > at) await storage.setAlarm(at);
}

/** The alarm's work: deletes the rows of `table` whose `column` (ms) has passed, and waits for the next one. */
export async function deleteExpired(storage: DurableObjectStorage, table: string, column: string): Promise<void> {
	storage.sql.exec(`DELETE FROM ${table} WHERE ${column} <= ?`, Date.now());
	const next = storage.sql.exec<{ at: number | null }>(`SELECT min(${column}) AS at FROM ${table}`).toArray()[0]?.at;
	if (next) await storage.setAlarm(next);
}
