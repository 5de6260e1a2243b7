/** Which consumer a batch goes to: `ingest-<region>` or its dead-letter queue `ingest-<region>-dlq`. */
import { consumeIngestBatch } from "./consumer";
import { consumeDeadLetters } from "./dead-letters";
import type { RegionBindings } from "./env";

export async function consumeRegionQueue(batch: MessageBatch<unknown>, env: RegionBindings): Promise<void> {
	if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
	await consumeIngestBatch(batch, env);
}
