/**
 * npm run bench:consumer-cpu: the ingest consumer's CPU for one event — parse the item, normalize
 * (trimming first), symbolicate, scrub, group, serialize the body, i.e. everything it does to an
 * event but the D1 and R2 calls — for each of the worst events we could build (worst-events.ts)
 * and, in the same run, for an ordinary SDK event (the pipeline benchmark's). The same V8 runs the
 * consumer in workerd. CPU time of the process (garbage collection included), not wall time.
 * Source map lookups answer "nothing uploaded" from memory, so every frame that may be looked up is.
 */
import { type EventInput, processEvent } from "../../workers/region/ingest/events";
import { itemJson } from "../../workers/region/ingest/items";
import type { SourceFileIndex } from "../../workers/region/sourcemaps/store";
import { runIfMain } from "./harness";
import { envelope } from "./pipeline";
import { worstEvents } from "./worst-events";

const RUNS = Number(process.env.BENCH_CPU_RUNS ?? 15);
const encoder = new TextEncoder();

const nothingUploaded: SourceFileIndex = {
	byDebugId: async () => undefined,
	byUrl: async () => undefined,
	hasRelease: async () => true,
	read: async () => undefined,
};

async function consumerWork(payload: Uint8Array): Promise<number> {
	const input: EventInput = {
		eventId: "0".repeat(32),
		receivedAt: Date.now(),
		sentAt: undefined,
		clientIp: "203.0.113.1",
		retentionDays: 90,
		sourceFiles: nothingUploaded,
	};
	const started = process.cpuUsage();
	const { body } = await processEvent(itemJson({ headers: { type: "event" }, payload }), input, "error");
	JSON.stringify(body);
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1000;
}

/** The median of RUNS measurements, after one to warm up. */
async function medianMs(payload: Uint8Array): Promise<number> {
	await consumerWork(payload);
	const times: number[] = [];
	for (let run = 0; run < RUNS; run++) times.push(await consumerWork(payload));
	return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}

export interface ConsumerCpuFigures {
	typicalMs: number;
	typicalBytes: number;
	worst: { name: string; ms: number; bytes: number }[];
}

export async function benchConsumerCpu(): Promise<ConsumerCpuFigures> {
	const typicalEvent = envelope("0".repeat(32), "bench").split("\n")[2] ?? "{}";
	const typicalPayload = encoder.encode(typicalEvent);
	const typicalMs = await medianMs(typicalPayload);
	const worst = [];
	for (const [name, event] of Object.entries(worstEvents())) {
		const payload = encoder.encode(JSON.stringify(event));
		worst.push({ name, ms: await medianMs(payload), bytes: payload.byteLength });
	}
	worst.sort((a, b) => b.ms - a.ms);
	return { typicalMs, typicalBytes: typicalPayload.byteLength, worst };
}

runIfMain(import.meta.url, async () => {
	const figures = await benchConsumerCpu();
	console.log(`consumer CPU per event (median of ${RUNS}; parse, normalize, symbolicate, scrub, group, serialize)`);
	console.log("| event | size | CPU | × ordinary |\n| --- | --- | --- | --- |");
	console.log(
		`| ordinary SDK error event | ${(figures.typicalBytes / 1024).toFixed(1)} KB | ${figures.typicalMs.toFixed(2)} ms | 1 |`,
	);
	for (const { name, ms, bytes } of figures.worst)
		console.log(
			`| ${name} | ${(bytes / 1024).toFixed(0)} KB | ${ms.toFixed(2)} ms | ${(ms / figures.typicalMs).toFixed(0)} |`,
		);
});
