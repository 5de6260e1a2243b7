/**
 * npm run bench: every benchmark, one after another on this machine (loopback, wrangler dev as
 * `npm start` runs it), then one table of the figures issue 9 asks for, each with its goal.
 */
import { benchAlerts } from "./alerts";
import { benchConsumerCpu } from "./consumer-cpu";
import { benchCrons } from "./crons";
import { benchLogs } from "./logs";
import { benchPipeline } from "./pipeline";
import { benchQuota } from "./quota";
import { benchSessions } from "./sessions";

const MiB = 1024 * 1024;

const pipeline = await benchPipeline();
const quota = await benchQuota();
const alerts = await benchAlerts();
const logs = await benchLogs();
const consumerCpu = await benchConsumerCpu();
const [worstCpu] = consumerCpu.worst;
const sessions = await benchSessions();
const crons = await benchCrons();

const relayRatio = pipeline.relayPerSecond / pipeline.trivialPerSecond;
const peakRss = Math.max(pipeline.peakRssBytes, quota.peakRssBytes, alerts.peakRssBytes);
const logsRatio = logs.logsStoredPerSecond / logs.errorsStoredPerSecond;
const rows: [string, string, string][] = [
	[
		`relay requests/s, ${(pipeline.envelopeBytes / 1024).toFixed(1)} KB error envelope, ${pipeline.concurrency} in flight`,
		`${pipeline.relayPerSecond.toFixed(0)} (trivial worker ${pipeline.trivialPerSecond.toFixed(0)}) = ${relayRatio.toFixed(2)} × trivial`,
		"≥ 0.5 × trivial",
	],
	[
		"events stored/s end to end (readable through the API)",
		`${pipeline.storedPerSecond.toFixed(0)} (${pipeline.stored} in ${pipeline.storedSeconds.toFixed(1)} s)`,
		"≥ 1000",
	],
	[
		"QuotaCounter calls per 1000 events (quota on every event)",
		`${quota.callsPer1000.toFixed(1)} (relay ${(quota.onPerSecond / quota.offPerSecond).toFixed(2)} × quotas off)`,
		"",
	],
	[
		"ingest → event and issue readable, p95 (one at a time)",
		`${alerts.readableP95Ms.toFixed(0)} ms (median ${alerts.readableMedianMs.toFixed(0)} ms)`,
		"",
	],
	[
		"ingest → alert webhook received, p95 (one at a time)",
		`${alerts.webhookP95Ms.toFixed(0)} ms (median ${alerts.webhookMedianMs.toFixed(0)} ms)`,
		"",
	],
	[
		`clock tick with ${crons.monitors} monitors: none due / ${crons.due} due`,
		`${crons.idleTickMs.toFixed(0)} ms / ${crons.dueTickMs.toFixed(0)} ms (no monitors ${crons.emptyTickMs.toFixed(0)} ms) = ${(crons.idleTickMs / crons.emptyTickMs).toFixed(2)} / ${(crons.dueTickMs / crons.emptyTickMs).toFixed(2)} × empty tick`,
		"none due ≈ 1 × empty tick",
	],
	[
		"session update item in the ingest consumer (workerd), per error event in the same run",
		`${(sessions.sessionMsPerItem / sessions.errorMsPerItem).toFixed(2)} × (${sessions.sessionMsPerItem.toFixed(2)} ms vs ${sessions.errorMsPerItem.toFixed(2)} ms); D1 rows written ${sessions.sessionRowsPerItem.toFixed(1)} vs ${sessions.errorRowsPerItem.toFixed(1)}`,
		"",
	],
	[
		`release health rows kept for one hour of ${sessions.items / 2} sessions`,
		Object.entries(sessions.rowsPerHourBucket)
			.map(([table, rows]) => `${table} ${rows}`)
			.join(", "),
		"",
	],
	[
		"logs accepted / stored per second (envelopes of 100 logs), × the same run's error events stored/s",
		`${logs.logsAcceptedPerSecond.toFixed(0)} / ${logs.logsStoredPerSecond.toFixed(0)} = ${logsRatio.toFixed(1)} × ${logs.errorsStoredPerSecond.toFixed(0)} events/s`,
		"",
	],
	[
		"log storage: D1 bytes per row, R2 bytes per log",
		`${logs.d1BytesPerRow.toFixed(0)} B, ${logs.r2BytesPerLog.toFixed(1)} B (docs/logs.md)`,
		"",
	],
	["peak RSS of the local stack (node + wrangler + workerd, sampled)", `${(peakRss / MiB).toFixed(0)} MiB`, ""],
	[
		`consumer CPU of the worst event we could build (${worstCpu?.name}, ${((worstCpu?.bytes ?? 0) / 1024).toFixed(0)} KB)`,
		`${worstCpu?.ms.toFixed(1)} ms (ordinary event ${consumerCpu.typicalMs.toFixed(2)} ms) = ${((worstCpu?.ms ?? 0) / consumerCpu.typicalMs).toFixed(0)} × ordinary`,
		"a few ms",
	],
];

console.log(`\nFaultline benchmarks (${pipeline.events} events per load run, loopback, wrangler dev)\n`);
console.log("| measure | value | goal |\n| --- | --- | --- |");
for (const [measure, value, goal] of rows) console.log(`| ${measure} | ${value} | ${goal} |`);
