/**
 * What an alert action does: a webhook POST in Sentry's issue-alert webhook shape, signed with the
 * rule's secret (`Sentry-Hook-Signature`), with the delivery id as `Request-ID` so receivers can
 * drop a repeat; or an e-mail through Cloudflare's `send_email` binding.
 */
import { EmailMessage } from "cloudflare:email";
import { hmacSha256Hex, sha256Hex } from "../../lib/crypto";
import type { EmailAction, WebhookAction } from "./rules";
import { webhookTargetError } from "./webhook-targets";

const WEBHOOK_TIMEOUT_MS = 10_000;

export type ActionResult =
	| { ok: true; responseStatus?: number }
	| { ok: false; error: string; responseStatus?: number };

/** A stable UUID-shaped id for the rule, standing in for Sentry's app installation uuid. */
async function installationUuid(ruleId: number): Promise<string> {
	const hex = (await sha256Hex(`faultline-alert-rule:${ruleId}`)).slice(0, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface AlertContext {
	deliveryId: number;
	rule: { id: number; name: string; webhookSecret: string };
	event: Record<string, unknown>;
	eventId: string;
	groupId: number;
	issueTitle: string;
	organizationSlug: string;
	projectSlug: string;
	publicUrl: URL;
}

async function webhookPayload(context: AlertContext) {
	const { publicUrl, organizationSlug, projectSlug, groupId, eventId } = context;
	return {
		action: "triggered",
		installation: { uuid: await installationUuid(context.rule.id) },
		data: {
			event: {
				...context.event,
				event_id: eventId,
				url: new URL(`/api/0/projects/${organizationSlug}/${projectSlug}/events/${eventId}/`, publicUrl).href,
				web_url: new URL(`/organizations/${organizationSlug}/issues/${groupId}/events/${eventId}/`, publicUrl).href,
				issue_url: new URL(`/api/0/organizations/${organizationSlug}/issues/${groupId}/`, publicUrl).href,
				issue_id: String(groupId),
			},
			triggered_rule: context.rule.name,
			issue_alert: { title: context.rule.name, settings: [] },
		},
		actor: { type: "application", id: "sentry", name: "Sentry" },
	};
}

export async function sendWebhook(
	action: WebhookAction,
	context: AlertContext,
	allowPrivate: boolean,
): Promise<ActionResult> {
	const refused = webhookTargetError(action.url, allowPrivate);
	if (refused) return { ok: false, error: `webhook URL ${refused}` };
	const body = JSON.stringify(await webhookPayload(context));
	try {
		const response = await fetch(action.url, {
			method: "POST",
			body,
			redirect: "manual",
			signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
			headers: {
				"Content-Type": "application/json",
				"Request-ID": String(context.deliveryId),
				"Sentry-Hook-Resource": "event_alert",
				"Sentry-Hook-Timestamp": String(Math.floor(Date.now() / 1000)),
				"Sentry-Hook-Signature": await hmacSha256Hex(context.rule.webhookSecret, body),
			},
		});
		await response.body?.cancel();
		if (response.ok) return { ok: true, responseStatus: response.status };
		return { ok: false, error: `the webhook answered ${response.status}`, responseStatus: response.status };
	} catch (error) {
		return { ok: false, error: `the webhook could not be reached: ${String(error)}` };
	}
}

/** A small RFC 5322 message; header values are stripped of line breaks. */
function emailMessage(from: string, to: string, context: AlertContext, messageId: string): string {
	const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");
	const issueUrl = new URL(`/organizations/${context.organizationSlug}/issues/${context.groupId}/`, context.publicUrl)
		.href;
	return [
		`From: Faultline <${from}>`,
		`To: ${to}`,
		`Subject: ${oneLine(`[${context.projectSlug}] ${context.issueTitle}`)}`,
		`Message-ID: <${messageId}@${from.split("@")[1]}>`,
		`Date: ${new Date().toUTCString()}`,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"",
		`Alert rule "${oneLine(context.rule.name)}" fired for ${oneLine(context.issueTitle)}.`,
		"",
		`Issue: ${issueUrl}`,
		`Event: ${context.eventId}`,
		"",
	].join("\r\n");
}

export async function sendEmail(
	action: EmailAction,
	context: AlertContext,
	binding: SendEmail | undefined,
	from: string,
): Promise<ActionResult> {
	if (!binding) return { ok: false, error: "no send_email binding (ALERT_EMAIL) is configured" };
	const to = action.targetIdentifier;
	const messageId = `alert-${context.deliveryId}`;
	try {
		await binding.send(new EmailMessage(from, to, emailMessage(from, to, context, messageId)));
		return { ok: true };
	} catch (error) {
		return { ok: false, error: `sending the e-mail failed: ${String(error)}` };
	}
}
