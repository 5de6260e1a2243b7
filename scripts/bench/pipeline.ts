/**
 * npm run bench:pipeline: events stored per second end to end — SDK-shaped envelopes posted to the
 * relay of a running Faultline (as `npm start` runs it), counted once readable through the Web API —
 * and the same as a ratio to a trivial worker served the same way, measured in the same run.
 */
import { readFileSync } from "node:fs";
import { load, startFaultline, startTrivialWorker } from "./harness";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

function envelope(eventId: string, run: string): string {
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

async function main() {
	const trivial = await startTrivialWorker();
	const sample = envelope("0".repeat(32), "bench");
	const baseline = await load(TOTAL, CONCURRENCY, () =>
		fetch(`${trivial.url}/api/1/envelope/`, { method: "POST", body: sample }),
	);
	trivial.stop();

	const faultline = await startFaultline();
	try {
		const { token, dsn } = JSON.parse(readFileSync(`${faultline.home}/bootstrap.json`, "utf8")) as {
			token: string;
			dsn?: string;
		};
		const keys = (await (
			await fetch(`${faultline.url}/api/0/projects/default/default/keys/`, {
				headers: { authorization: `Bearer ${token}` },
			})
		).json()) as { public: string; projectId: number }[];
		const key = keys[0];
		if (!key) throw new Error(`no DSN key (${dsn})`);
		const run = Date.now().toString(16);
		const started = performance.now();
		const sent = await load(TOTAL, CONCURRENCY, (index) =>
			fetch(`${faultline.url}/api/${key.projectId}/envelope/?sentry_key=${key.public}&sentry_version=7`, {
				method: "POST",
				body: envelope(hex(index, run), run),
			}),
		);
		let stored = 0;
		while (stored < (sent.statuses[200] ?? 0)) {
			const issues = (await (
				await fetch(`${faultline.url}/api/0/projects/default/default/issues/?query=`, {
					headers: { authorization: `Bearer ${token}` },
				})
			).json()) as { count: string }[];
			stored = issues.reduce((sum, issue) => sum + Number(issue.count), 0);
			if (performance.now() - started > 300_000)
				throw new Error(`only ${stored} of ${TOTAL} events stored after 5 minutes`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const seconds = (performance.now() - started) / 1000;
		const storedPerSecond = stored / seconds;
		const bytes = Buffer.byteLength(sample);
		console.log(
			`pipeline benchmark: ${TOTAL} SDK-shaped error envelopes of ${(bytes / 1024).toFixed(1)} KB, ${CONCURRENCY} in flight, loopback, wrangler dev`,
		);
		console.log(`| measure | value |\n| --- | --- |`);
		console.log(`| trivial worker (same run) | ${baseline.perSecond.toFixed(0)} requests/s |`);
		console.log(
			`| relay accepted | ${sent.perSecond.toFixed(0)} requests/s (statuses ${JSON.stringify(sent.statuses)}) |`,
		);
		console.log(`| relay / trivial | ${(sent.perSecond / baseline.perSecond).toFixed(2)} |`);
		console.log(
			`| stored end to end (readable through the API) | ${storedPerSecond.toFixed(0)} events/s (${stored} in ${seconds.toFixed(1)} s) |`,
		);
		console.log(`| stored / trivial | ${(storedPerSecond / baseline.perSecond).toFixed(2)} |`);
	} finally {
		faultline.stop();
	}
}

await main();
