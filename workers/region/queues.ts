/**
 * Which consumer a batch goes to, by queue name: `ingest-<region>`, its dead-letter queue
 * `ingest-<region>-dlq`, `postprocess-<region>` (alert rules) and `alerts-<region>` (alert jobs).
 */
import { consumeAlertJobs, consumePostProcessBatch } from "./alerts";
import type { RegionBindings } from "./env";
import { consumeDeadLetters, consumeIngestBatch } from "./ingest";
import { itemHandlers } from "./items";

export async function consumeRegionQueue(batch: MessageBatch<unknown>, env: RegionBindings): Promise<void> {
	if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
	if (batch.queue.startsWith("postprocess-")) return consumePostProcessBatch(batch, env);
	if (batch.queue.startsWith("alerts-")) return consumeAlertJobs(batch, env);
	await consumeIngestBatch(batch, env, itemHandlers);
}
