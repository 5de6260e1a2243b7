/**
 * Ingest: the `ingest-<region>` consumer and its stages (decode, items, normalize, scrub, group,
 * persist), the dead-letter queue and its routes, and what other capabilities' item handlers use.
 */
export { consumeIngestBatch } from "./consumer";
export { consumeDeadLetters } from "./dead-letters";
export { eventItemHandlers } from "./events";
export {
	accepted,
	countOutcome,
	type ItemContext,
	type ItemHandler,
	type ItemHandlers,
	itemJson,
	PoisonItem,
} from "./items";
export { clockDrift, normalizeEvent, parseTimestamp } from "./normalize";
export { addTagValueCounts, planReleaseSeen } from "./persist";
export { deadLetterRoutes } from "./routes";
export { FILTERED, isSensitiveKey, scrubString } from "./scrub";
export { requeueLostMessages } from "./spool";
export type { WritePlan } from "./write-plan";
