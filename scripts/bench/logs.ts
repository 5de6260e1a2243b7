/**
 * npm run bench:logs: logs accepted by the relay and stored per second — envelopes of 100 logs each,
 * as @sentry/node sends them (`enableLogs`, a template with parameters and its usual attributes) —
 * as a ratio to the error events per second the same Faultline stores in the same run; then what
 * the stored logs cost: D1 bytes and rows per log (from SQLite's dbstat), R2 bytes per log, and the
 * time of the searches `sentry-cli logs list` and the Logs page make.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { queryRegionDb } from "../../test/e2e/stack";
import { dsnKeyOf, load, quantile, runIfMain, startFaultline } from "./harness";
import { envelope } from "./pipeline";

const ERRORS = Number(process.env.BENCH_LOG_ERRORS ?? 500);
const ENVELOPES = Number(process.env.BENCH_LOG_ENVELOPES ?? 200);
const LOGS_PER_ENVELOPE = 100;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SEARCHES = 20;
const LEVELS = ["info", "info", "info", "info", "info", "info", "debug", "debug", "warn", "error"];

const attribute = (value: string | number) => ({ value, type: typeof value === "number" ? "integer" : "string" });

export function logEnvelope(index: number, run: string): string {
	const traceId = `${run}${index.toString(16)}`.padStart(32, "0").slice(-32);
	const items = Array.from({ length: LOGS_PER_ENVELOPE }, (_, position) => ({
		timestamp: Date.now() / 1000,
		trace_id: traceId,
		level: LEVELS[position % LEVELS.length],
		severity_number: 9,
		body: `GET /api/orders/${index * LOGS_PER_ENVELOPE + position} answered 200 in ${position % 97} ms`,
		attributes: {
			"sentry.release": attribute("bench@1.0.0"),
			"sentry.environment": attribute("bench"),
			"sentry.sdk.name": attribute("sentry.javascript.node"),
			"sentry.sdk.version": attribute("11.12.0"),
			"sentry.message.template": attribute("GET %s answered %s in %s ms"),
			"sentry.message.parameter.0": attribute(`/api/orders/${index * LOGS_PER_ENVELOPE + position}`),
			"sentry.message.parameter.1": attribute(200),
			"sentry.message.parameter.2": attribute(position % 97),
			"server.address": attribute("web-1"),
			"sentry.timestamp.sequence": attribute(position),
		},
	}));
	const header = { type: "log", item_count: items.length, content_type: "application/vnd.sentry.items.log+json" };
	return `{}\n${JSON.stringify(header)}\n${JSON.stringify({ version: 2, items })}\n`;
}

export interface LogsFigures {
	envelopeBytes: number;
	logs: number;
	/** Logs kept as D1 rows (the rest only in R2: the hour passed its row budget). */
	rows: number;
	errorsStoredPerSecond: number;
	logsAcceptedPerSecond: number;
	logsStoredPerSecond: number;
	relayStatuses: Record<number, number>;
	d1BytesPerRow: number;
	d1RowsPerLog: number;
	r2BytesPerLog: number;
	logsPerSegment: number;
	/** Median milliseconds of each search while the hour's rows were complete, and after. */
	searchFromRowsMs: Record<string, number>;
	searchFromSegmentsMs: Record<string, number>;
}

async function searchTimes(apiJson: (path: string) => Promise<unknown>, run: string) {
	const searches: Record<string, string> = {
		"newest 100 (sentry-cli logs list)":
			"events/?dataset=logs&field=sentry.item_id&field=trace&field=severity&field=timestamp&field=message&query=project:default&per_page=100&statsPeriod=90d&sort=-timestamp",
		"level:error, newest 50": "events/?dataset=ourlogs&field=message&query=level:error&per_page=50",
		"free text, newest 50": `events/?dataset=ourlogs&field=message&query=${encodeURIComponent("answered 200 in 42 ms")}&per_page=50`,
		"trace-logs of one trace": `trace-logs/?traceId=${`${run}1`.padStart(32, "0").slice(-32)}`,
	};
	const medians: Record<string, number> = {};
	for (const [name, query] of Object.entries(searches)) {
		const times: number[] = [];
		for (let index = 0; index < SEARCHES; index++) {
			const started = performance.now();
			await apiJson(`/api/0/organizations/default/${query}`);
			times.push(performance.now() - started);
		}
		medians[name] = quantile(times, 0.5);
	}
	return medians;
}

const LOG_TABLES = [
	"log_items",
	"log_items_project_time_idx",
	"log_items_trace_idx",
	"log_segments",
	"log_segments_project_time_idx",
	"log_segments_key_idx",
	"log_counts",
	"log_counts_key_idx",
];

/**
 * Bytes the logs tables and their indexes take in the region's SQLite file, from SQLite's dbstat
 * (workerd's SQLite has no dbstat, so Python's sqlite3 reads the local D1 file).
 */
function logTableBytes(state: string): number {
	const folder = `${state}/v3/d1/miniflare-D1DatabaseObject`;
	const names = LOG_TABLES.map((name) => `'${name}'`).join(",");
	for (const file of readdirSync(folder).filter((name) => name.endsWith(".sqlite"))) {
		const script = `import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print(c.execute("select coalesce(sum(pgsize),0) from dbstat where name in (${names})").fetchone()[0])`;
		const result = spawnSync("python3", ["-c", script, `${folder}/${file}`], { encoding: "utf8" });
		const bytes = Number(result.stdout.trim());
		if (result.status === 0 && bytes > 0) return bytes;
	}
	throw new Error("could not measure the logs tables (needs python3 with sqlite3)");
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<number> {
	const started = performance.now();
	for (;;) {
		if (done(await read())) return (performance.now() - started) / 1000;
		if (performance.now() - started > 300_000) throw new Error(`${what} after 5 minutes`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export async function benchLogs(): Promise<LogsFigures> {
	const faultline = await startFaultline();
	try {
		const { headers, envelopeUrl } = await dsnKeyOf(faultline);
		const apiJson = async <T>(path: string) =>
			(await (await fetch(`${faultline.url}${path}`, { headers })).json()) as T;
		const run = Date.now().toString(16);

		const errorsStarted = performance.now();
		const errors = await load(ERRORS, CONCURRENCY, (index) =>
			fetch(envelopeUrl, {
				method: "POST",
				body: envelope(`${run}${index.toString(16).padStart(8, "0")}`.padStart(32, "0").slice(-32), run),
			}),
		);
		await waitUntil(
			() => apiJson<{ count: string }[]>("/api/0/projects/default/default/issues/?query="),
			(issues) => issues.reduce((sum, issue) => sum + Number(issue.count), 0) >= (errors.statuses[200] ?? 0),
			"error events not stored",
		);
		const errorsStoredPerSecond = (errors.statuses[200] ?? 0) / ((performance.now() - errorsStarted) / 1000);

		// Phase 1 stays within the hour's row budget (searches read D1 rows); phase 2 passes it (R2 segments).
		const acceptedLogs = () =>
			apiJson<{ groups: { totals: Record<string, number> }[] }>(
				"/api/0/organizations/default/stats_v2/?field=sum(quantity)&groupBy=outcome&category=log_item&statsPeriod=1h&interval=1h",
			).then((stats) => stats.groups.reduce((sum, group) => sum + (group.totals["sum(quantity)"] ?? 0), 0));
		let logs = 0;
		let seconds = 0;
		let storedSeconds = 0;
		const statuses: Record<number, number> = {};
		const searched: Record<string, number>[] = [];
		for (const phase of [0, 1]) {
			const started = performance.now();
			const sent = await load(ENVELOPES / 2, CONCURRENCY, (index) =>
				fetch(envelopeUrl, { method: "POST", body: logEnvelope(phase * (ENVELOPES / 2) + index, run) }),
			);
			for (const [status, count] of Object.entries(sent.statuses))
				statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
			logs += (sent.statuses[200] ?? 0) * LOGS_PER_ENVELOPE;
			seconds += sent.seconds;
			await waitUntil(acceptedLogs, (stored) => stored >= logs, "logs not stored");
			storedSeconds += (performance.now() - started) / 1000;
			searched.push(await searchTimes(apiJson, run));
		}

		const state = `${faultline.home}/state`;
		const [rows] = queryRegionDb<{ items: number; segments: number; counts: number; r2: number }>(
			"wrangler.toml",
			state,
			"select (select count(*) from log_items) as items, (select count(*) from log_segments) as segments, (select count(*) from log_counts) as counts, (select sum(bytes) from log_segments) as r2",
		);
		if (!rows) throw new Error("could not read the logs tables");
		return {
			envelopeBytes: Buffer.byteLength(logEnvelope(0, run)),
			logs,
			rows: rows.items,
			errorsStoredPerSecond,
			logsAcceptedPerSecond: logs / seconds,
			logsStoredPerSecond: logs / storedSeconds,
			relayStatuses: statuses,
			d1BytesPerRow: logTableBytes(state) / rows.items,
			d1RowsPerLog: (rows.items + rows.segments + rows.counts) / logs,
			r2BytesPerLog: rows.r2 / logs,
			logsPerSegment: logs / rows.segments,
			searchFromRowsMs: searched[0] ?? {},
			searchFromSegmentsMs: searched[1] ?? {},
		};
	} finally {
		faultline.stop();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchLogs();
	console.log(
		`logs benchmark: ${figures.logs} logs in envelopes of ${LOGS_PER_ENVELOPE} (${(figures.envelopeBytes / 1024).toFixed(1)} KB), ${CONCURRENCY} in flight, loopback, wrangler dev`,
	);
	console.log("| measure | value |\n| --- | --- |");
	console.log(`| error events stored (same run) | ${figures.errorsStoredPerSecond.toFixed(0)} events/s |`);
	console.log(
		`| logs accepted by the relay | ${figures.logsAcceptedPerSecond.toFixed(0)} logs/s (statuses ${JSON.stringify(figures.relayStatuses)}) |`,
	);
	console.log(
		`| logs stored end to end | ${figures.logsStoredPerSecond.toFixed(0)} logs/s = ${(figures.logsStoredPerSecond / figures.errorsStoredPerSecond).toFixed(1)} × error events |`,
	);
	console.log(`| logs kept as D1 rows | ${figures.rows} of ${figures.logs} (the rest past the hour's row budget) |`);
	console.log(
		`| D1 bytes per row (table and indexes; segment index and counts included) | ${figures.d1BytesPerRow.toFixed(0)} |`,
	);
	console.log(`| D1 rows per log (rows, segment index, counts) | ${figures.d1RowsPerLog.toFixed(3)} |`);
	console.log(
		`| R2 bytes per log (gzip NDJSON) | ${figures.r2BytesPerLog.toFixed(1)} (${figures.logsPerSegment.toFixed(0)} logs per segment) |`,
	);
	for (const [name, ms] of Object.entries(figures.searchFromRowsMs))
		console.log(`| search from D1 rows: ${name}, median | ${ms.toFixed(0)} ms |`);
	for (const [name, ms] of Object.entries(figures.searchFromSegmentsMs))
		console.log(`| search from R2 segments: ${name}, median | ${ms.toFixed(0)} ms |`);
});
