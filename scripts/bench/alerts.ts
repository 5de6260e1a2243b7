/**
 * npm run bench:alerts: on the local stack, a rule "new issue → webhook" to a local receiver; events
 * with distinct fingerprints are sent one at a time, and for each the delay from accepted (200) to
 * webhook received is measured, and, as the baseline measured in the same run, the delay from
 * accepted to readable through the Web API.
 */
import { startWebhookReceiver } from "../lib/webhook-receiver";
import { dsnKeyOf, quantile, runIfMain, sampleMemory, startFaultline } from "./harness";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
const TIMEOUT_MS = 30_000;

async function poll(check: () => Promise<boolean>, what: string): Promise<number> {
	const deadline = Date.now() + TIMEOUT_MS;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${TIMEOUT_MS} ms`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return Date.now();
}

export interface AlertFigures {
	events: number;
	webhookMedianMs: number;
	webhookP95Ms: number;
	readableMedianMs: number;
	readableP95Ms: number;
	peakRssBytes: number;
}

export async function benchAlerts(events = EVENTS): Promise<AlertFigures> {
	const [faultline, receiver] = await Promise.all([startFaultline(), startWebhookReceiver()]);
	const memory = sampleMemory(faultline);
	try {
		const { headers, envelopeUrl } = await dsnKeyOf(faultline);
		const api = (path: string, init: RequestInit = {}) => fetch(`${faultline.url}${path}`, { headers, ...init });
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
		for (let index = -3; index < events; index++) {
			const eventId = crypto.randomUUID().replace(/-/g, "");
			const event = {
				event_id: eventId,
				exception: { values: [{ type: "BenchError", value: `bench ${eventId}` }] },
				fingerprint: [eventId],
			};
			const body = `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
			const sent = await fetch(envelopeUrl, { method: "POST", body });
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
		return {
			events,
			webhookMedianMs: quantile(toWebhook, 0.5),
			webhookP95Ms: quantile(toWebhook, 0.95),
			readableMedianMs: quantile(toApi, 0.5),
			readableP95Ms: quantile(toApi, 0.95),
			peakRssBytes: memory.peak(),
		};
	} finally {
		await faultline.stop();
		await receiver.close();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchAlerts();
	console.log(
		`alerts benchmark: ${figures.events} events with distinct fingerprints, one at a time, loopback, npm start`,
	);
	console.log("| measure | median | p95 |\n| --- | --- | --- |");
	console.log(
		`| accepted → webhook received | ${figures.webhookMedianMs.toFixed(0)} ms | ${figures.webhookP95Ms.toFixed(0)} ms |`,
	);
	console.log(
		`| accepted → readable in the API | ${figures.readableMedianMs.toFixed(0)} ms | ${figures.readableP95Ms.toFixed(0)} ms |`,
	);
	console.log(`| webhook / API (medians) | ${(figures.webhookMedianMs / figures.readableMedianMs).toFixed(2)} | |`);
});
