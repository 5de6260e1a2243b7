/**
 * npm run bench:quota: relay throughput with a quota on (a key rate limit that is never reached, so
 * every event is counted) as a ratio to the same relay with quotas off, measured in one run against
 * one running Faultline, and QuotaCounter calls per 1000 accepted events.
 */
import { readFileSync } from "node:fs";
import { load, startFaultline } from "./harness";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const body = `{}\n{"type":"event"}\n${JSON.stringify({ message: "quota bench", level: "info" })}\n`;

async function main() {
	const faultline = await startFaultline();
	try {
		const { token } = JSON.parse(readFileSync(`${faultline.home}/bootstrap.json`, "utf8")) as { token: string };
		const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
		const [key] = (await (
			await fetch(`${faultline.url}/api/0/projects/default/default/keys/`, { headers })
		).json()) as {
			public: string;
			projectId: number;
		}[];
		if (!key) throw new Error("no DSN key");
		const send = () =>
			fetch(`${faultline.url}/api/${key.projectId}/envelope/?sentry_key=${key.public}&sentry_version=7`, {
				method: "POST",
				body,
			});
		const setRateLimit = (rateLimit: { count: number; window: number } | null) =>
			fetch(`${faultline.url}/api/0/projects/default/default/keys/${key.public}/`, {
				method: "PUT",
				headers,
				body: JSON.stringify({ rateLimit }),
			});
		const quotaCalls = async () =>
			((await (await fetch(`${faultline.url}/api/relay/stats/`)).json()) as { quotaCounterCalls: number })
				.quotaCounterCalls;

		await load(200, CONCURRENCY, send); // warm up
		const off = await load(TOTAL, CONCURRENCY, send);
		await setRateLimit({ count: 1_000_000_000, window: 3600 });
		await new Promise((resolve) => setTimeout(resolve, 11_000)); // the relay's config memory TTL
		const callsBefore = await quotaCalls();
		const on = await load(TOTAL, CONCURRENCY, send);
		const calls = (await quotaCalls()) - callsBefore;
		const accepted = on.statuses[200] ?? 0;
		console.log(`quota benchmark: ${TOTAL} envelopes, ${CONCURRENCY} in flight, loopback, wrangler dev`);
		console.log("| measure | value |\n| --- | --- |");
		console.log(`| relay, quotas off | ${off.perSecond.toFixed(0)} requests/s (${JSON.stringify(off.statuses)}) |`);
		console.log(
			`| relay, quota on every event | ${on.perSecond.toFixed(0)} requests/s (${JSON.stringify(on.statuses)}) |`,
		);
		console.log(`| quotas on / off | ${(on.perSecond / off.perSecond).toFixed(2)} |`);
		console.log(
			`| QuotaCounter calls per 1000 accepted events | ${((calls / Math.max(accepted, 1)) * 1000).toFixed(1)} (${calls} calls, ${accepted} accepted) |`,
		);
	} finally {
		faultline.stop();
	}
}

await main();
