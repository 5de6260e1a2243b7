/**
 * npm run bench:quota: relay throughput with a quota on (a key rate limit that is never reached, so
 * every event is counted) as a ratio to the same relay with quotas off, measured in one run against
 * one running Faultline, and QuotaCounter calls per 1000 accepted events.
 */
import { dsnKeyOf, load, runIfMain, sampleMemory, startFaultline } from "./harness";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const body = `{}\n{"type":"event"}\n${JSON.stringify({ message: "quota bench", level: "info" })}\n`;

export interface QuotaFigures {
	events: number;
	concurrency: number;
	offPerSecond: number;
	offStatuses: Record<number, number>;
	onPerSecond: number;
	onStatuses: Record<number, number>;
	calls: number;
	accepted: number;
	callsPer1000: number;
	peakRssBytes: number;
}

export async function benchQuota(total = TOTAL, concurrency = CONCURRENCY): Promise<QuotaFigures> {
	const faultline = await startFaultline();
	const memory = sampleMemory(faultline);
	try {
		const { headers, key, envelopeUrl } = await dsnKeyOf(faultline);
		const send = () => fetch(envelopeUrl, { method: "POST", body });
		const setRateLimit = (rateLimit: { count: number; window: number } | null) =>
			fetch(`${faultline.url}/api/0/projects/default/default/keys/${key.public}/`, {
				method: "PUT",
				headers,
				body: JSON.stringify({ rateLimit }),
			});
		const quotaCalls = async () =>
			((await (await fetch(`${faultline.url}/api/relay/stats/`)).json()) as { quotaCounterCalls: number })
				.quotaCounterCalls;

		await load(200, concurrency, send); // warm up
		const off = await load(total, concurrency, send);
		await setRateLimit({ count: 1_000_000_000, window: 3600 });
		await new Promise((resolve) => setTimeout(resolve, 11_000)); // the relay's config memory TTL
		const callsBefore = await quotaCalls();
		const on = await load(total, concurrency, send);
		const calls = (await quotaCalls()) - callsBefore;
		const accepted = on.statuses[200] ?? 0;
		return {
			events: total,
			concurrency,
			offPerSecond: off.perSecond,
			offStatuses: off.statuses,
			onPerSecond: on.perSecond,
			onStatuses: on.statuses,
			calls,
			accepted,
			callsPer1000: (calls / Math.max(accepted, 1)) * 1000,
			peakRssBytes: memory.peak(),
		};
	} finally {
		await faultline.stop();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchQuota();
	console.log(`quota benchmark: ${figures.events} envelopes, ${figures.concurrency} in flight, loopback, wrangler dev`);
	console.log("| measure | value |\n| --- | --- |");
	console.log(
		`| relay, quotas off | ${figures.offPerSecond.toFixed(0)} requests/s (${JSON.stringify(figures.offStatuses)}) |`,
	);
	console.log(
		`| relay, quota on every event | ${figures.onPerSecond.toFixed(0)} requests/s (${JSON.stringify(figures.onStatuses)}) |`,
	);
	console.log(`| quotas on / off | ${(figures.onPerSecond / figures.offPerSecond).toFixed(2)} |`);
	console.log(
		`| QuotaCounter calls per 1000 accepted events | ${figures.callsPer1000.toFixed(1)} (${figures.calls} calls, ${figures.accepted} accepted) |`,
	);
});
