/**
 * Post-process (Sentry's post_process_group): the `postprocess-<region>` consumer evaluates the
 * project's alert rules on each stored error event. A passing rule fires in ONE D1 batch: the
 * rule's status for the issue moves to this event only if the action interval has passed, the fire
 * row is written only if the status now names this event, and one delivery per action is added.
 * Rows are keyed by (rule, event) and (fire, action), so a redelivered message fires nothing twice;
 * its still-pending deliveries are enqueued again (the job claims a delivery before running it).
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import {
	alertDeliveries,
	alertRuleFires,
	alertRuleStatus,
	alertRules,
	events,
	groupActivity,
	groupCounts,
	groups,
} from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, regionDb, slicesOf } from "../../lib/db";
import { type AlertJobMessage, type IngestEnvelopeMessage, PostProcessMessage } from "../../lib/messages";
import { settingsOf } from "../../lib/settings";
import { assertSilo } from "../../lib/silo";
import type { RegionBindings } from "../env";
import { countInInterval, evaluateRule, type FrequencyCounts, INTERVALS, intervalsOf } from "./rules";

type Rule = typeof alertRules.$inferSelect;
const SEND_CHUNK = 100;

/** Sends message bodies in batches of at most 100 (the queue's sendBatch limit). */
export async function sendAll(queue: Queue, bodies: unknown[]): Promise<void> {
	for (const slice of slicesOf(bodies, SEND_CHUNK)) {
		await queue.sendBatch(slice.map((body) => ({ body })));
	}
}

/** The post-process messages of the stored error events of these envelopes, read back from D1. */
export async function postProcessMessagesFor(
	db: RegionDb,
	envelopes: Pick<IngestEnvelopeMessage, "organizationId" | "projectId" | "eventId">[],
): Promise<PostProcessMessage[]> {
	const byProject = new Map<string, { organizationId: number; projectId: number; eventIds: string[] }>();
	for (const { organizationId, projectId, eventId } of envelopes) {
		const key = `${organizationId}:${projectId}`;
		const entry = byProject.get(key) ?? { organizationId, projectId, eventIds: [] };
		entry.eventIds.push(eventId);
		byProject.set(key, entry);
	}
	const messages: PostProcessMessage[] = [];
	for (const { organizationId, projectId, eventIds } of byProject.values()) {
		for (const slice of slicesOf(eventIds, IN_LIST_LIMIT)) {
			const chunk = [...new Set(slice)];
			const rows = await db
				.select()
				.from(events)
				.where(
					and(
						eq(events.organizationId, organizationId),
						eq(events.projectId, projectId),
						inArray(events.eventId, chunk),
					),
				);
			if (!rows.length) continue;
			const activity = await db
				.select({ groupId: groupActivity.groupId, eventId: groupActivity.eventId, type: groupActivity.type })
				.from(groupActivity)
				.where(
					and(
						inArray(groupActivity.groupId, [...new Set(rows.map((row) => row.groupId))]),
						inArray(
							groupActivity.eventId,
							rows.map((row) => row.eventId),
						),
					),
				);
			const happened = new Set(activity.map((row) => `${row.groupId}:${row.eventId}:${row.type}`));
			for (const row of rows) {
				messages.push({
					type: "postprocess.event",
					v: 1,
					organizationId,
					projectId,
					groupId: row.groupId,
					eventId: row.eventId,
					level: row.level,
					environment: row.environment,
					tags: row.tags,
					receivedAt: row.receivedAt.getTime(),
					newIssue: happened.has(`${row.groupId}:${row.eventId}:first_seen`),
					regression: happened.has(`${row.groupId}:${row.eventId}:set_regression`),
				});
			}
		}
	}
	return messages;
}

async function frequencyCounts(db: RegionDb, event: PostProcessMessage, rules: Rule[]): Promise<FrequencyCounts> {
	const intervals = [...new Set(rules.flatMap(intervalsOf))];
	if (!intervals.length) return {};
	const longest = Math.max(...intervals.map((interval) => INTERVALS[interval]));
	const buckets = await db
		.select({ resolution: groupCounts.resolution, bucket: groupCounts.bucket, count: groupCounts.count })
		.from(groupCounts)
		.innerJoin(groups, eq(groups.id, groupCounts.groupId))
		.where(
			and(
				eq(groups.organizationId, event.organizationId),
				eq(groupCounts.groupId, event.groupId),
				gte(groupCounts.bucket, new Date(event.receivedAt - longest - 3_600_000)),
			),
		);
	const rows = buckets.map((row) => ({ ...row, bucket: row.bucket.getTime() }));
	return Object.fromEntries(
		intervals.map((interval) => [interval, countInInterval(rows, interval, event.receivedAt)]),
	) as FrequencyCounts;
}

/** The statements that fire `rule` for `event` unless it fired for the issue within its interval. */
function fireStatements(db: RegionDb, rule: Rule, event: PostProcessMessage, now: number) {
	const status = db
		.insert(alertRuleStatus)
		.values({ ruleId: rule.id, groupId: event.groupId, lastFiredAt: new Date(now), lastEventId: event.eventId })
		.onConflictDoUpdate({
			target: [alertRuleStatus.ruleId, alertRuleStatus.groupId],
			set: { lastFiredAt: sql`excluded.last_fired_at`, lastEventId: sql`excluded.last_event_id` },
			setWhere: sql`${alertRuleStatus.lastFiredAt} <= ${now - rule.frequencyMinutes * 60_000} and ${alertRuleStatus.lastEventId} <> excluded.last_event_id`,
		});
	const fire = db
		.insert(alertRuleFires)
		.select(
			sql`select null, ${rule.organizationId}, ${rule.projectId}, ${rule.id}, ${event.groupId}, ${event.eventId}, ${now}
			from ${alertRuleStatus} where ${alertRuleStatus.ruleId} = ${rule.id}
				and ${alertRuleStatus.groupId} = ${event.groupId} and ${alertRuleStatus.lastEventId} = ${event.eventId}`,
		)
		.onConflictDoNothing();
	const deliveries = rule.actions.map((action, index) =>
		db
			.insert(alertDeliveries)
			.select(
				sql`select null, ${rule.organizationId}, ${alertRuleFires.id}, ${index}, ${JSON.stringify(action)}, 'pending', 0,
					null, null, null, null
				from ${alertRuleFires} where ${alertRuleFires.organizationId} = ${rule.organizationId}
					and ${alertRuleFires.ruleId} = ${rule.id} and ${alertRuleFires.eventId} = ${event.eventId}`,
			)
			.onConflictDoNothing(),
	);
	return [status, fire, ...deliveries] as const;
}

/** Evaluates the rules on one event, fires the passing ones and enqueues their pending deliveries. */
async function postProcessEvent(db: RegionDb, env: RegionBindings, event: PostProcessMessage, rules: Rule[]) {
	if (!rules.length) return;
	const counts = await frequencyCounts(db, event, rules);
	const passing = rules.filter((rule) => evaluateRule(rule, event, counts));
	if (!passing.length) return;
	const now = Date.now();
	const [first, ...rest] = passing.flatMap((rule) => fireStatements(db, rule, event, now));
	if (first) await db.batch([first, ...rest]);
	const pending = await db
		.select({ id: alertDeliveries.id })
		.from(alertDeliveries)
		.innerJoin(alertRuleFires, eq(alertRuleFires.id, alertDeliveries.fireId))
		.where(
			and(
				eq(alertDeliveries.organizationId, event.organizationId),
				eq(alertRuleFires.eventId, event.eventId),
				inArray(
					alertRuleFires.ruleId,
					passing.map((rule) => rule.id),
				),
				eq(alertDeliveries.status, "pending"),
			),
		);
	const jobs: AlertJobMessage[] = pending.map(({ id }) => ({
		type: "alerts.delivery",
		v: 1,
		organizationId: event.organizationId,
		deliveryId: id,
	}));
	await sendAll(env.ALERTS_QUEUE, jobs);
}

export async function consumePostProcessBatch(batch: MessageBatch<unknown>, env: RegionBindings): Promise<void> {
	const settings = settingsOf(env);
	assertSilo(settings.siloMode, "region", `queue consumer ${batch.queue}`);
	const db = regionDb(settings.siloMode, env.REGION_DB);
	const rulesByProject = new Map<string, Rule[]>();
	const rulesOf = async (organizationId: number, projectId: number) => {
		const key = `${organizationId}:${projectId}`;
		const cached = rulesByProject.get(key);
		if (cached) return cached;
		const rules = await db
			.select()
			.from(alertRules)
			.where(
				and(
					eq(alertRules.organizationId, organizationId),
					eq(alertRules.projectId, projectId),
					eq(alertRules.status, "active"),
				),
			);
		rulesByProject.set(key, rules);
		return rules;
	};
	for (const message of batch.messages) {
		const parsed = PostProcessMessage.safeParse(message.body);
		if (!parsed.success) {
			console.error("dropping an invalid post-process message", parsed.error.issues[0]?.message);
			message.ack();
			continue;
		}
		try {
			const event = parsed.data;
			await postProcessEvent(db, env, event, await rulesOf(event.organizationId, event.projectId));
			message.ack();
		} catch (error) {
			console.error("post-processing an event failed; it will be retried", error);
			message.retry();
		}
	}
}
