/**
 * The ingest spool: a write-ahead copy in R2 of each accepted envelope's queue message, for where the
 * queue lives in memory (the embedded default under `npm start`: a crash of the process lost up to
 * a few dozen accepted events). The relay writes the copy before the queue send and the 200; the
 * ingest consumer deletes it once the message is stored, the dead-letter consumer once it is kept as
 * a dead letter; the region's cron queues again what is left over (lost with the queue). Redelivered
 * copies are stored once: the consumer recognises a message it has stored by its key, an event by
 * its id. Off where Queues are durable (Cloudflare), where it would only cost an R2 write per event.
 */
import { randomHex } from "./crypto";
import type { IngestEnvelopeMessage } from "./messages";

export const SPOOL_PREFIX = "spool/";

/** Writes the copy; the message returned names it (`spoolKey`), so that its consumer can delete it. */
export async function spoolMessage(bucket: R2Bucket, message: IngestEnvelopeMessage): Promise<IngestEnvelopeMessage> {
	const spooled = { ...message, spoolKey: `${SPOOL_PREFIX}${message.eventId}-${randomHex(4)}.json` };
	await bucket.put(spooled.spoolKey, JSON.stringify(spooled));
	return spooled;
}

/** The spool keys of messages that have reached their end (stored, or kept as dead letters). */
export function spoolKeysOf(bodies: unknown[]): string[] {
	return bodies.flatMap((body) => {
		const key = (body as { spoolKey?: unknown } | null)?.spoolKey;
		return typeof key === "string" && key.startsWith(SPOOL_PREFIX) ? [key] : [];
	});
}

/**
 * The cron expression `npm start` fires the scheduled handler with once it is up: the queue has just
 * been created empty, so every copy in the spool is of a message it lost.
 */
export const AFTER_START_CRON = "after-start";
