/**
 * How logs are kept, from the LOGS_STORAGE variable (JSON; every field optional): days of rows in
 * D1 and of segments in R2, rows per project and hour, and the bounds of one query. A bad value
 * fails loudly, naming the field, as INGEST_LIMITS does.
 */
import { z } from "zod";
import { SettingsError } from "../../lib/settings";

export const LogsStorageSchema = z
	.object({
		/** Days a log stays a D1 row (search, live tail, trace view); older logs are read from R2. */
		hotDays: z.number().int().min(1).max(90).default(7),
		/** Days a log is kept at all (its R2 segment). */
		retentionDays: z.number().int().min(1).max(400).default(30),
		/** Rows one project may add per hour; logs past it are kept in R2 only, and that hour is read from R2. */
		hotRowsPerHour: z.number().int().min(0).default(10_000),
		/** R2 segments one query reads at most. */
		maxSegmentsPerQuery: z.number().int().min(1).max(500).default(40),
		/** Rows a filter that no index serves (free text, attributes) looks at, newest first. */
		scanRowCap: z.number().int().min(100).default(50_000),
	})
	.strict();
export type LogsStorage = z.infer<typeof LogsStorageSchema>;

const cache = new Map<string, LogsStorage>();

export function logsStorageOf(env: { LOGS_STORAGE?: string }): LogsStorage {
	const json = env.LOGS_STORAGE ?? "";
	let storage = cache.get(json);
	if (storage) return storage;
	let value: unknown;
	try {
		value = json ? JSON.parse(json) : {};
	} catch {
		throw new SettingsError("invalid settings: LOGS_STORAGE: not valid JSON");
	}
	const result = LogsStorageSchema.safeParse(value);
	if (!result.success) {
		const issues = result.error.issues.map((issue) => {
			const fields = issue.code === "unrecognized_keys" ? issue.keys : issue.path.map(String);
			return `LOGS_STORAGE${fields.length ? `.${fields.join(", LOGS_STORAGE.")}` : ""}: ${issue.message}`;
		});
		throw new SettingsError(`invalid settings: ${issues.join("; ")}`);
	}
	storage = result.data;
	cache.set(json, storage);
	return storage;
}
