/**
 * Storing a batch's planned messages: their plans merged into one (issues upserted once per batch,
 * R2 then ONE D1 batch); if that fails, message by message, so that one message whose rows D1
 * refuses is retried on its own while the others are stored (while D1 is down, each fails and is
 * retried). Then each stored message's post-process messages are sent, it is acked, and what the
 * relay staged for it in R2 (a large envelope, the spool's copy) is deleted.
 */

import type { RegionDb } from "../../lib/db";
import { spoolKeysOf } from "../../lib/ingest-spool";
import type { IngestMessage } from "../../lib/messages";
import { postProcessMessagesFor, sendAll } from "../alerts";
import type { RegionBindings } from "../env";
import { discardedHashes, planIssuesAndEvents, planOutcomes } from "./persist";
import { executePlan, WritePlan } from "./write-plan";

export type Decoded = { message: Message<unknown>; body: IngestMessage; key: string };

async function write(db: RegionDb, bucket: R2Bucket, plan: WritePlan): Promise<void> {
	await plan.finish();
	await dropDiscarded(db, plan);
	planIssuesAndEvents(db, plan);
	planOutcomes(db, plan);
	await executePlan(db, bucket, plan.statements, plan);
}

/** Events whose issue was discarded (a tombstone for its hash) are not stored, nor their bodies. */
async function dropDiscarded(db: RegionDb, plan: WritePlan): Promise<void> {
	if (!plan.events.length) return;
	const discarded = await discardedHashes(db, plan.events);
	if (!discarded.size) return;
	const dropped = plan.events.filter((event) => discarded.has(`${event.projectId}:${event.grouping.hash}`));
	const droppedKeys = new Set(dropped.map((event) => event.bodyKey));
	const kept = plan.events.filter((event) => !dropped.includes(event));
	plan.events.splice(0, plan.events.length, ...kept);
	const objects = plan.objects.filter((object) => !droppedKeys.has(object.key));
	plan.objects.splice(0, plan.objects.length, ...objects);
}

export async function storePlanned(
	db: RegionDb,
	env: RegionBindings,
	planned: { entry: Decoded; plan: WritePlan }[],
	alreadyStored: Decoded[],
): Promise<void> {
	try {
		await write(db, env.EVENTS_BUCKET, WritePlan.merged(planned.map(({ plan }) => plan)));
		await finish(db, env, [...planned.map(({ entry }) => entry), ...alreadyStored]);
		return;
	} catch (error) {
		if (planned.length) console.error("storing the batch failed; its messages are stored one by one", error);
	}
	await finish(db, env, alreadyStored);
	for (const { entry, plan } of planned) {
		try {
			await write(db, env.EVENTS_BUCKET, plan);
		} catch (error) {
			console.error("storing a message failed; it will be retried", error);
			entry.message.retry();
			continue;
		}
		await finish(db, env, [entry]);
	}
}

/** Sends the stored messages' post-process messages, then acks them and deletes what was staged (or retries them). */
async function finish(db: RegionDb, env: RegionBindings, entries: Decoded[]): Promise<void> {
	if (!entries.length) return;
	const envelopes = entries.flatMap(({ body }) => (body.type === "ingest.envelope" ? [body] : []));
	try {
		await sendAll(env.POSTPROCESS_QUEUE, await postProcessMessagesFor(db, envelopes));
	} catch (error) {
		console.error("sending post-process messages failed; the messages will be retried", error);
		for (const { message } of entries) message.retry();
		return;
	}
	for (const { message } of entries) message.ack();
	await deleteStaged(env.EVENTS_BUCKET, envelopes);
}

/**
 * What the relay put in R2 for a message is not needed once it is stored: a redelivery is
 * recognised as already stored without reading it. Retention sweeps staged envelopes this misses;
 * the spool's cron queues a missed copy again, which is then recognised and deleted.
 */
async function deleteStaged(bucket: R2Bucket, envelopes: Extract<IngestMessage, { type: "ingest.envelope" }>[]) {
	const keys = [
		...envelopes.flatMap(({ envelopeKey }) => (envelopeKey ? [envelopeKey] : [])),
		...spoolKeysOf(envelopes),
	];
	if (!keys.length) return;
	try {
		await bucket.delete(keys);
	} catch (error) {
		console.error("could not delete staged envelopes; retention will", error);
	}
}
