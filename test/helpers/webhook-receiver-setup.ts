/** vitest globalSetup: a real webhook receiver in Node for the workers tests; its URL is provided as `webhookReceiver`. */
import type { TestProject } from "vitest/node";
import { startWebhookReceiver, type WebhookReceiver } from "../../scripts/lib/webhook-receiver";

let receiver: WebhookReceiver | undefined;

export async function setup(project: TestProject) {
	receiver = await startWebhookReceiver();
	project.provide("webhookReceiver", receiver.url);
}

export async function teardown() {
	await receiver?.close();
}

declare module "vitest" {
	export interface ProvidedContext {
		webhookReceiver: string;
	}
}
