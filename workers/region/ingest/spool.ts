/**
 * The ingest spool's region half (lib/ingest-spool.ts): the cron queues again the copies of messages
 * the queue lost. Right after `npm start` every copy is one (the queue lived in the memory of the
 * process that stopped); otherwise a copy older than five minutes is, which is longer than a batch's
 * ten retries 5 s apart, so that a message still being retried is not queued twice. A copy queued
 * twice all the same is stored once (the consumer knows the message and the event by their keys).
 */
import { AFTER_START_CRON, SPOOL_PREFIX } from "../../lib/ingest-spool";
import { IngestEnvelopeMessage } from "../../lib/messages";
import { settingsOf } from "../../lib/settings";
import type { RegionBindings } from "../env";
import type { DeadLetter } from "./dead-letters";

export const SPOOL_ORPHAN_AFTER_MS = 5 * 60_000;
/** Copies looked at per run, so that a run stays short; the next minute's run goes on. */
const MAX_PER_RUN = 5000;

function parsedCopy(text: string, key: string): IngestEnvelopeMessage | undefined {
	try {
		const parsed = IngestEnvelopeMessage.safeParse(JSON.parse(text));
		return parsed.success && parsed.data.spoolKey === key ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

/** Queues again the copies written before `orphanedBefore`; returns how many. */
export async function requeueSpooled(env: RegionBindings, orphanedBefore: number): Promise<number> {
	let requeued = 0;
	let seen = 0;
	let cursor: string | undefined;
	do {
		const page = await env.EVENTS_BUCKET.list({ prefix: SPOOL_PREFIX, cursor, limit: 1000 });
		for (const object of page.objects) {
			if (object.uploaded.getTime() >= orphanedBefore) continue;
			const text = await (await env.EVENTS_BUCKET.get(object.key))?.text();
			if (text === undefined) continue;
			const message = parsedCopy(text, object.key);
			if (message) {
				await env.INGEST_QUEUE.send(message);
				requeued++;
			} else {
				// Not a message any more (a torn write): kept as a dead letter, never dropped silently.
				const letter: DeadLetter = { type: "dead_letter", reason: "unreadable spool copy", message: text };
				await env.INGEST_DLQ.send(letter);
				await env.EVENTS_BUCKET.delete(object.key);
			}
		}
		seen += page.objects.length;
		cursor = page.truncated ? page.cursor : undefined;
	} while (cursor && seen < MAX_PER_RUN);
	return requeued;
}

/** The cron's part: nothing unless the spool is on. */
export async function requeueLostMessages(env: RegionBindings, cron: string): Promise<void> {
	if (!settingsOf(env).ingestSpool) return;
	const now = Date.now();
	const requeued = await requeueSpooled(env, cron === AFTER_START_CRON ? now : now - SPOOL_ORPHAN_AFTER_MS);
	if (requeued) console.log(`ingest spool: queued ${requeued} lost message(s) again`);
}
