/**
 * The `alerts-<region>` consumer: one job per delivery (an action of a rule firing). A job first
 * claims its delivery (pending or retrying, or sending with an expired lease) in one UPDATE, so a
 * redelivered job for a delivery that is sent or being sent does nothing. A failed attempt is
 * retried by the queue with exponential backoff until MAX_ATTEMPTS, then recorded as failed.
 */
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import {
	alertDeliveries,
	alertRuleFires,
	alertRules,
	events,
	groups,
	organizations,
	projects,
} from "../../../schema/region";
import { type RegionDb, regionDb } from "../../lib/db";
import { AlertJobMessage } from "../../lib/messages";
import { settingsOf } from "../../lib/settings";
import { assertSilo } from "../../lib/silo";
import type { RegionBindings } from "../env";
import { type ActionResult, type AlertContext, sendEmail, sendWebhook } from "./actions";
import { WEBHOOK_ACTION } from "./rules";

export const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const MAX_BACKOFF_SECONDS = 300;

/** Seconds before attempt `attempts + 1`: 2, 4, 8, 16, … capped at five minutes. */
const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, MAX_BACKOFF_SECONDS);

type Delivery = typeof alertDeliveries.$inferSelect;

async function claim(db: RegionDb, job: AlertJobMessage, now: number): Promise<Delivery | undefined> {
	const [claimed] = await db
		.update(alertDeliveries)
		.set({ status: "sending", attempts: sql`${alertDeliveries.attempts} + 1`, leaseUntil: new Date(now + LEASE_MS) })
		.where(
			and(
				eq(alertDeliveries.id, job.deliveryId),
				eq(alertDeliveries.organizationId, job.organizationId),
				or(
					inArray(alertDeliveries.status, ["pending", "retrying"]),
					and(eq(alertDeliveries.status, "sending"), lt(alertDeliveries.leaseUntil, new Date(now))),
				),
			),
		)
		.returning();
	return claimed;
}

async function contextOf(db: RegionDb, env: RegionBindings, delivery: Delivery): Promise<AlertContext | undefined> {
	const [row] = await db
		.select({ fire: alertRuleFires, rule: alertRules, group: groups, project: projects, organization: organizations })
		.from(alertRuleFires)
		.innerJoin(alertRules, eq(alertRules.id, alertRuleFires.ruleId))
		.innerJoin(groups, eq(groups.id, alertRuleFires.groupId))
		.innerJoin(projects, eq(projects.id, alertRuleFires.projectId))
		.innerJoin(organizations, eq(organizations.id, alertRuleFires.organizationId))
		.where(and(eq(alertRuleFires.id, delivery.fireId), eq(alertRuleFires.organizationId, delivery.organizationId)));
	if (!row) return undefined;
	const event = await db.query.events.findFirst({
		where: and(
			eq(events.organizationId, delivery.organizationId),
			eq(events.projectId, row.fire.projectId),
			eq(events.eventId, row.fire.eventId),
		),
	});
	const object = event ? await env.EVENTS_BUCKET.get(event.bodyKey) : null;
	return {
		deliveryId: delivery.id,
		rule: row.rule,
		event: object ? ((await object.json()) as Record<string, unknown>) : {},
		eventId: row.fire.eventId,
		groupId: row.group.id,
		issueTitle: row.group.title,
		organizationSlug: row.organization.slug,
		projectSlug: row.project.slug,
		publicUrl: settingsOf(env).publicUrl,
	};
}

async function runAction(db: RegionDb, env: RegionBindings, delivery: Delivery): Promise<ActionResult> {
	const context = await contextOf(db, env, delivery);
	if (!context) return { ok: false, error: "the rule or its issue no longer exists" };
	const settings = settingsOf(env);
	return delivery.action.id === WEBHOOK_ACTION
		? sendWebhook(delivery.action, context, settings.alertsAllowPrivateWebhooks)
		: sendEmail(delivery.action, context, env.ALERT_EMAIL, settings.alertsEmailFrom);
}

async function deliver(db: RegionDb, env: RegionBindings, message: Message<unknown>, job: AlertJobMessage) {
	const delivery = await claim(db, job, Date.now());
	if (!delivery) return message.ack();
	const result = await runAction(db, env, delivery);
	const scope = and(eq(alertDeliveries.id, delivery.id), eq(alertDeliveries.organizationId, delivery.organizationId));
	const responseStatus = result.responseStatus ?? null;
	if (result.ok) {
		await db
			.update(alertDeliveries)
			.set({ status: "sent", responseStatus, sentAt: new Date(), leaseUntil: null, lastError: null })
			.where(scope);
		return message.ack();
	}
	const final = delivery.attempts >= MAX_ATTEMPTS;
	await db
		.update(alertDeliveries)
		.set({ status: final ? "failed" : "retrying", responseStatus, lastError: result.error, leaseUntil: null })
		.where(scope);
	if (final) message.ack();
	else message.retry({ delaySeconds: backoffSeconds(delivery.attempts) });
}

export async function consumeAlertJobs(batch: MessageBatch<unknown>, env: RegionBindings): Promise<void> {
	const settings = settingsOf(env);
	assertSilo(settings.siloMode, "region", `queue consumer ${batch.queue}`);
	const db = regionDb(settings.siloMode, env.REGION_DB);
	await Promise.all(
		batch.messages.map(async (message) => {
			const parsed = AlertJobMessage.safeParse(message.body);
			if (!parsed.success) {
				console.error("dropping an invalid alert job", parsed.error.issues[0]?.message);
				return message.ack();
			}
			try {
				await deliver(db, env, message, parsed.data);
			} catch (error) {
				console.error("an alert job failed; it will be retried once its claim has lapsed", error);
				message.retry({ delaySeconds: LEASE_MS / 1000 + 1 });
			}
		}),
	);
}
