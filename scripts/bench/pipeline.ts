/**
 * npm run bench:pipeline: events stored per second end to end — SDK-shaped envelopes posted to the
 * relay of a running Faultline (as `npm start` runs it), counted once readable through the Web API —
 * and the same as a ratio to a trivial worker served the same way, measured in the same run.
 */
import { dsnKeyOf, load, runIfMain, sampleMemory, startFaultline, startTrivialWorker } from "./harness";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

export function envelope(eventId: string, run: string): string {
	const event = {
		event_id: eventId,
		timestamp: Date.now() / 1000,
		platform: "node",
		level: "error",
		release: "bench@1.0.0",
		environment: "bench",
		fingerprint: [run],
		exception: {
			values: [
				{
					type: "TypeError",
					value: "Cannot read properties of undefined (reading 'id')",
					stacktrace: {
						frames: Array.from({ length: 20 }, (_, index) => ({
							filename: `/app/src/module${index}.js`,
							function: `handler${index}`,
							lineno: 10 + index,
							colno: 5,
							in_app: index > 10,
							context_line: `    const value = input${index}.id;`,
						})),
					},
				},
			],
		},
		breadcrumbs: {
			values: Array.from({ length: 20 }, (_, index) => ({
				category: "http",
				message: `GET /api/items/${index}`,
				timestamp: Date.now() / 1000,
			})),
		},
		contexts: { os: { name: "Linux" }, runtime: { name: "node", version: "v20.20.2" } },
		sdk: { name: "sentry.javascript.node", version: "11.12.0" },
	};
	return `${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
}

const hex = (index: number, run: string) => `${run}${index.toString(16).padStart(8, "0")}`.padStart(32, "0").slice(-32);

export interface PipelineFigures {
	envelopeBytes: number;
	events: number;
	concurrency: number;
	trivialPerSecond: number;
	relayPerSecond: number;
	relayStatuses: Record<number, number>;
	stored: number;
	storedPerSecond: number;
	storedSeconds: number;
	peakRssBytes: number;
}

export async function benchPipeline(total = TOTAL, concurrency = CONCURRENCY): Promise<PipelineFigures> {
	const trivial = await startTrivialWorker();
	const sample = envelope("0".repeat(32), "bench");
	const baseline = await load(total, concurrency, () =>
		fetch(`${trivial.url}/api/1/envelope/`, { method: "POST", body: sample }),
	);
	await trivial.stop();

	const faultline = await startFaultline();
	const memory = sampleMemory(faultline);
	try {
		const { headers, envelopeUrl } = await dsnKeyOf(faultline);
		const run = Date.now().toString(16);
		const started = performance.now();
		const sent = await load(total, concurrency, (index) =>
			fetch(envelopeUrl, { method: "POST", body: envelope(hex(index, run), run) }),
		);
		let stored = 0;
		while (stored < (sent.statuses[200] ?? 0)) {
			const issues = (await (
				await fetch(`${faultline.url}/api/0/projects/default/default/issues/?query=`, { headers })
			).json()) as { count: string }[];
			stored = issues.reduce((sum, issue) => sum + Number(issue.count), 0);
			if (performance.now() - started > 300_000)
				throw new Error(`only ${stored} of ${total} events stored after 5 minutes`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const storedSeconds = (performance.now() - started) / 1000;
		return {
			envelopeBytes: Buffer.byteLength(sample),
			events: total,
			concurrency,
			trivialPerSecond: baseline.perSecond,
			relayPerSecond: sent.perSecond,
			relayStatuses: sent.statuses,
			stored,
			storedPerSecond: stored / storedSeconds,
			storedSeconds,
			peakRssBytes: memory.peak(),
		};
	} finally {
		await faultline.stop();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchPipeline();
	console.log(
		`pipeline benchmark: ${figures.events} SDK-shaped error envelopes of ${(figures.envelopeBytes / 1024).toFixed(1)} KB, ${figures.concurrency} in flight, loopback, wrangler dev`,
	);
	console.log(`| measure | value |\n| --- | --- |`);
	console.log(`| trivial worker (same run) | ${figures.trivialPerSecond.toFixed(0)} requests/s |`);
	console.log(
		`| relay accepted | ${figures.relayPerSecond.toFixed(0)} requests/s (statuses ${JSON.stringify(figures.relayStatuses)}) |`,
	);
	console.log(`| relay / trivial | ${(figures.relayPerSecond / figures.trivialPerSecond).toFixed(2)} |`);
	console.log(
		`| stored end to end (readable through the API) | ${figures.storedPerSecond.toFixed(0)} events/s (${figures.stored} in ${figures.storedSeconds.toFixed(1)} s) |`,
	);
	console.log(`| stored / trivial | ${(figures.storedPerSecond / figures.trivialPerSecond).toFixed(2)} |`);
});
