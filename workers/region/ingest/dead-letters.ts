/**
 * Dead letters: messages the consumer cannot process go to the `ingest-<region>-dlq` queue with the
 * reason; the DLQ's consumer keeps them in D1 (`dead_letters`), where `npm run dlq:replay` finds them.
 * Messages that exhausted their retries arrive at the DLQ as they were and are kept the same way.
 * Messages are plain JSON (envelopes travel as base64), so they are stored as JSON text. Once kept,
 * a message's copy in the ingest spool is deleted: the dead letter is what remains of it.
 */
import { eq } from "drizzle-orm";
import { deadLetters } from "../../../schema/region";
import { regionDb } from "../../lib/db";
import { spoolKeysOf } from "../../lib/ingest-spool";
import { settingsOf } from "../../lib/settings";
import { assertSilo } from "../../lib/silo";
import type { RegionBindings } from "../env";

export interface DeadLetter {
	type: "dead_letter";
	reason: string;
	message: unknown;
}

export async function toDeadLetter(env: RegionBindings, message: Message<unknown>, reason: string): Promise<void> {
	const letter: DeadLetter = { type: "dead_letter", reason, message: message.body };
	try {
		await env.INGEST_DLQ.send(letter);
		message.ack();
	} catch (error) {
		console.error("could not dead-letter a message; it will be retried", error);
		message.retry();
	}
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: RegionBindings): Promise<void> {
	const settings = settingsOf(env);
	assertSilo(settings.siloMode, "region", `queue consumer ${batch.queue}`);
	const db = regionDb(settings.siloMode, env.REGION_DB);
	const kept = batch.messages.map((message) => {
		const body = message.body as Partial<DeadLetter> | undefined;
		const isLetter = body?.type === "dead_letter" && typeof body.reason === "string";
		return {
			reason: isLetter ? (body.reason as string) : "max_retries_exceeded",
			message: isLetter ? body.message : body,
		};
	});
	const [first, ...rest] = kept.map(({ reason, message }) =>
		db.insert(deadLetters).values({ reason, message: JSON.stringify(message) }),
	);
	if (first) await db.batch([first, ...rest]);
	batch.ackAll();
	const spoolKeys = spoolKeysOf(kept.map(({ message }) => message));
	if (spoolKeys.length)
		await env.EVENTS_BUCKET.delete(spoolKeys).catch((error) => console.error("spool not cleared", error));
}

/** Puts dead letters back on the ingest queue (oldest first) and removes them; returns how many. */
export async function replayDeadLetters(env: RegionBindings, limit = 100): Promise<number> {
	const settings = settingsOf(env);
	const db = regionDb(settings.siloMode, env.REGION_DB);
	const letters = await db.select().from(deadLetters).orderBy(deadLetters.id).limit(limit);
	for (const letter of letters) {
		await env.INGEST_QUEUE.send(JSON.parse(letter.message));
		await db.delete(deadLetters).where(eq(deadLetters.id, letter.id));
	}
	return letters.length;
}
