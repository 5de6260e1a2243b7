/**
 * Alerts on the running stack: a rule made through the Web API, an exception sent by the real
 * Sentry SDK for Node, and the signed webhook arriving at a Node receiver.
 */
import { createHmac } from "node:crypto";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../../scripts/lib/webhook-receiver";

const stack = inject("stack");
let receiver: WebhookReceiver;

beforeAll(async () => {
	receiver = await startWebhookReceiver();
});

afterAll(async () => {
	await Sentry.close();
	await receiver.close();
});

describe("issue alerts on the running stack", () => {
	it("a new issue from @sentry/node fires a webhook signed with the rule's secret", async () => {
		const response = await fetch(`${stack.url}/api/0/projects/${stack.org}/${stack.project}/rules/`, {
			method: "POST",
			headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
			body: JSON.stringify({
				name: "e2e: new issue",
				actionMatch: "all",
				frequency: 5,
				conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
				actions: [
					{
						id: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
						service: "webhooks",
						url: `${receiver.url}/e2e/`,
					},
				],
			}),
		});
		expect(response.status).toBe(200);
		const rule = (await response.json()) as { id: string; webhookSecret: string };

		Sentry.init({ dsn: stack.dsn, defaultIntegrations: false });
		const eventId = Sentry.captureException(new Error(`e2e alert ${Date.now()}`));
		expect(await Sentry.flush(5000)).toBe(true);

		const deadline = Date.now() + 20_000;
		while (!receiver.requests.some((request) => request.body.includes(eventId)) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const webhook = receiver.requests.find((request) => request.body.includes(eventId));
		expect(webhook?.path).toBe("/e2e/");
		const expected = createHmac("sha256", rule.webhookSecret)
			.update(webhook?.body ?? "")
			.digest("hex");
		expect(webhook?.headers["sentry-hook-signature"]).toBe(expected);
		expect(JSON.parse(webhook?.body ?? "{}")).toMatchObject({
			action: "triggered",
			data: { triggered_rule: "e2e: new issue", event: { event_id: eventId } },
		});
		const deleted = await fetch(`${stack.url}/api/0/projects/${stack.org}/${stack.project}/rules/${rule.id}/`, {
			method: "DELETE",
			headers: { authorization: `Bearer ${stack.token}` },
		});
		expect(deleted.status).toBe(202);
	});
});
