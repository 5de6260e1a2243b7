/**
 * npm run bench:crons: the cost of one clock tick (the minute cron trigger, fired the way `npm start`
 * fires it) on the local stack, as a ratio to the same tick with no monitors at all, measured in one
 * run: with MONITORS monitors of which none is due (the tick reads only the due index, so the cost
 * must not grow with them), and with DUE of them due (each read and enqueued as a missed check-in).
 */

import { runWrangler } from "../lib/wrangler";
import { dsnKeyOf, load, quantile, runIfMain, type Server, startFaultline } from "./harness";

const MONITORS = Number(process.env.BENCH_MONITORS ?? 500);
const DUE = Number(process.env.BENCH_DUE ?? 100);
const TICKS = Number(process.env.BENCH_TICKS ?? 15);

export interface CronFigures {
	monitors: number;
	due: number;
	emptyTickMs: number;
	idleTickMs: number;
	dueTickMs: number;
}

function sql(faultline: Server, command: string) {
	const output = runWrangler([
		"d1",
		"execute",
		"REGION_DB",
		"--local",
		"--json",
		"-c",
		"wrangler.toml",
		"--persist-to",
		`${faultline.home}/state`,
		"--command",
		command,
	]);
	return (JSON.parse(output) as { results: Record<string, number>[] }[])[0]?.results ?? [];
}

/** Waits until `query`'s `n` reaches `count` (the queue consumer works in the background). */
async function until(faultline: Server, query: string, count: number) {
	const deadline = Date.now() + 300_000;
	while ((sql(faultline, query)[0]?.n ?? 0) < count) {
		if (Date.now() > deadline) throw new Error(`${query} did not reach ${count}`);
		await new Promise((resolve) => setTimeout(resolve, 2_000));
	}
}

/** Median wall time of the scheduled handler (it answers once its work, the clock's included, is done). */
async function tickMs(faultline: Server, times: number): Promise<number> {
	const durations: number[] = [];
	const url = `${faultline.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`;
	for (let run = 0; run < times; run++) {
		// A keep-alive connection left idle while wrangler ran outside may have been closed: warm one first.
		const health = `${faultline.url}/api/relay/healthcheck/live/`;
		await (await fetch(health).catch(() => fetch(health))).arrayBuffer();
		const started = performance.now();
		const response = await fetch(url);
		await response.arrayBuffer();
		durations.push(performance.now() - started);
	}
	return quantile(durations, 0.5);
}

export async function benchCrons(monitors = MONITORS, due = DUE): Promise<CronFigures> {
	const faultline = await startFaultline();
	try {
		const { key } = await dsnKeyOf(faultline);
		await tickMs(faultline, 3); // warm up
		const emptyTickMs = await tickMs(faultline, TICKS);

		// Yearly monitors, none due for months; made by HTTP check-ins as cron lines would.
		const upsert = JSON.stringify({
			status: "ok",
			monitor_config: { schedule: { type: "crontab", value: "0 0 1 1 *" } },
		});
		await load(monitors, 8, (index) =>
			fetch(`${faultline.url}/api/${key.projectId}/cron/bench-${index}/${key.public}/`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: upsert,
			}),
		);
		await until(faultline, "select count(*) as n from cron_monitor_environments", monitors);
		const idleTickMs = await tickMs(faultline, TICKS);

		// DUE of them due: each tick reads and enqueues them; the consumer then records the misses.
		const dueDurations: number[] = [];
		for (let run = 0; run < 5; run++) {
			const past = Date.now() - 3_600_000;
			sql(
				faultline,
				`update cron_monitor_environments set next_check_in = ${past}, next_check_in_latest = ${past}
				where id in (select id from cron_monitor_environments order by id limit ${due} offset ${run * due})`,
			);
			dueDurations.push(await tickMs(faultline, 1));
			// The local D1 file must not be written from outside while the consumer records the misses.
			await until(faultline, "select count(*) as n from cron_check_ins where status = 'missed'", (run + 1) * due);
		}
		return { monitors, due, emptyTickMs, idleTickMs, dueTickMs: quantile(dueDurations, 0.5) };
	} finally {
		faultline.stop();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchCrons();
	console.log(`crons benchmark: one clock tick (the minute cron trigger) on npm start, loopback`);
	console.log("| tick | median | × empty tick |\n| --- | --- | --- |");
	console.log(`| no monitors | ${figures.emptyTickMs.toFixed(1)} ms | 1.00 |`);
	const ratio = (ms: number) => (ms / figures.emptyTickMs).toFixed(2);
	console.log(
		`| ${figures.monitors} monitors, none due | ${figures.idleTickMs.toFixed(1)} ms | ${ratio(figures.idleTickMs)} |`,
	);
	console.log(
		`| ${figures.monitors} monitors, ${figures.due} due | ${figures.dueTickMs.toFixed(1)} ms | ${ratio(figures.dueTickMs)} |`,
	);
});
