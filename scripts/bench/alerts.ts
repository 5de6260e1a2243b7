/**
 * npm run bench:alerts: on the local stack, a rule "new issue → webhook" to a local receiver; events
 * with distinct fingerprints are sent one at a time, and for each the delay from accepted (200) to
 * webhook received is measured, and, as the baseline measured in the same run, the delay from
 * accepted to readable through the Web API.
 */
import { readFileSync } from "node:fs";
import { startWebhookReceiver } from "../lib/webhook-receiver";
import { startFaultline } from "./harness";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
const TIMEOUT_MS = 30_000;

const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};

async function poll(check: () => Promise<boolean>, what: string): Promise<number> {
	const deadline = Date.now() + TIMEOUT_MS;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${TIMEOUT_MS} ms`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return Date.now();
}

async function main() {
	const [faultline, receiver] = await Promise.all([startFaultline(), startWebhookReceiver()]);
	try {
		const { token } = JSON.parse(readFileSync(`${faultline.home}/bootstrap.json`, "utf8")) as { token: string };
		const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
		const api = (path: string, init: RequestInit = {}) => fetch(`${faultline.url}${path}`, { headers, ...init });
		const [key] = (await (await api("/api/0/projects/default/default/keys/")).json()) as {
			public: string;
			projectId: number;
		}[];
		if (!key) throw new Error("no DSN key");
		const rule = await api("/api/0/projects/default/default/rules/", {
			method: "POST",
			body: JSON.stringify({
				name: "bench: new issue",
				actionMatch: "all",
				frequency: 5,
				conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
				actions: [
					{
						id: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
						service: "webhooks",
						url: `${receiver.url}/bench/`,
					},
				],
			}),
		});
		if (!rule.ok) throw new Error(`creating the rule failed: ${rule.status} ${await rule.text()}`);

		const toWebhook: number[] = [];
		const toApi: number[] = [];
		for (let index = -3; index < EVENTS; index++) {
			const eventId = crypto.randomUUID().replace(/-/g, "");
			const event = {
				event_id: eventId,
				exception: { values: [{ type: "BenchError", value: `bench ${eventId}` }] },
				fingerprint: [eventId],
			};
			const body = `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
			const sent = await fetch(
				`${faultline.url}/api/${key.projectId}/envelope/?sentry_key=${key.public}&sentry_version=7`,
				{ method: "POST", body },
			);
			const accepted = Date.now();
			if (sent.status !== 200) throw new Error(`the relay answered ${sent.status}`);
			const readable = await poll(
				async () =>
					(await api(`/api/0/projects/default/default/events/${eventId}/`).then((response) => {
						void response.arrayBuffer();
						return response.status;
					})) === 200,
				`event ${eventId} readable`,
			);
			const webhookOf = () => receiver.requests.find((request) => request.body.includes(eventId));
			await poll(async () => webhookOf() !== undefined, `webhook for ${eventId}`);
			const received = webhookOf()?.receivedAt ?? Number.NaN;
			if (index < 0) continue; // warm-up
			toApi.push(readable - accepted);
			toWebhook.push(received - accepted);
		}
		const median = quantile(toWebhook, 0.5);
		const apiMedian = quantile(toApi, 0.5);
		console.log(`alerts benchmark: ${EVENTS} events with distinct fingerprints, one at a time, loopback, npm start`);
		console.log("| measure | median | p95 |\n| --- | --- | --- |");
		console.log(
			`| accepted → webhook received | ${median.toFixed(0)} ms | ${quantile(toWebhook, 0.95).toFixed(0)} ms |`,
		);
		console.log(
			`| accepted → readable in the API | ${apiMedian.toFixed(0)} ms | ${quantile(toApi, 0.95).toFixed(0)} ms |`,
		);
		console.log(`| webhook / API (medians) | ${(median / apiMedian).toFixed(2)} | |`);
	} finally {
		faultline.stop();
		await receiver.close();
	}
}

await main();
