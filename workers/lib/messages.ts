/**
 * Queue message contracts (versioned: adding a field is fine; renaming or removing one means a new
 * `v` and a consumer that accepts both during a deploy). Producer and consumer validate with zod.
 */
import { z } from "zod";
import { OutcomeCountSchema } from "./outcomes";

/**
 * One accepted envelope, from the relay to its region's `ingest-<region>` queue. The envelope is in
 * canonical form (serializeEnvelope) either inline (base64) or, when larger than the queue's message limit,
 * in the region's R2 bucket under `envelopeKey`.
 */
export const IngestEnvelopeMessage = z
	.object({
		type: z.literal("ingest.envelope"),
		v: z.literal(1),
		/** The id answered to the SDK: the envelope's event_id, or a fresh one. 32 hex characters. */
		eventId: z.string().regex(/^[0-9a-f]{32}$/),
		receivedAt: z.number(),
		organizationId: z.number().int(),
		projectId: z.number().int(),
		keyId: z.number().int(),
		/** The client's IP (lib/client-ip.ts), for `{{auto}}` and filters. */
		clientIp: z.string().optional(),
		userAgent: z.string().optional(),
		/** Base64: plain strings survive every queue transport (local queues do not keep typed arrays). */
		envelope: z.string().optional(),
		envelopeKey: z.string().optional(),
		/** Where the relay's write-ahead copy of this message is (lib/ingest-spool.ts), when spooling is on. */
		spoolKey: z.string().optional(),
	})
	.refine((message) => (message.envelope === undefined) !== (message.envelopeKey === undefined), {
		message: "exactly one of envelope and envelopeKey must be set",
	});
export type IngestEnvelopeMessage = z.infer<typeof IngestEnvelopeMessage>;

/** Envelopes above this many bytes go to R2: as base64 plus the other fields they stay under the 128 KB message limit. */
export const MAX_INLINE_ENVELOPE_BYTES = 90 * 1024;

/**
 * Outcomes the relay decided (filtered, invalid, rate limited) for one request, to be counted by
 * the region. `id` makes counting idempotent when the queue delivers the message twice.
 */
export const IngestOutcomesMessage = z.object({
	type: z.literal("ingest.outcomes"),
	v: z.literal(1),
	id: z.string().regex(/^[0-9a-f]{32}$/),
	timestamp: z.number(),
	organizationId: z.number().int(),
	projectId: z.number().int(),
	keyId: z.number().int().nullable(),
	outcomes: z.array(OutcomeCountSchema).min(1),
});
export type IngestOutcomesMessage = z.infer<typeof IngestOutcomesMessage>;

export const IngestMessage = z.union([IngestEnvelopeMessage, IngestOutcomesMessage]);
export type IngestMessage = z.infer<typeof IngestMessage>;

/**
 * One stored error event, from the ingest consumer to its region's `postprocess-<region>` queue,
 * with what it did to its issue; alert rules are evaluated on it. Sent again when the ingest message
 * is redelivered, so its consumer must be idempotent.
 */
export const PostProcessMessage = z.object({
	type: z.literal("postprocess.event"),
	v: z.literal(1),
	organizationId: z.number().int(),
	projectId: z.number().int(),
	groupId: z.number().int(),
	eventId: z.string(),
	level: z.string(),
	environment: z.string().nullable(),
	tags: z.array(z.tuple([z.string(), z.string()])),
	receivedAt: z.number(),
	newIssue: z.boolean(),
	regression: z.boolean(),
});
export type PostProcessMessage = z.infer<typeof PostProcessMessage>;

/** One alert delivery (an action of a rule firing) to run, on `alerts-<region>`. */
export const AlertJobMessage = z.object({
	type: z.literal("alerts.delivery"),
	v: z.literal(1),
	organizationId: z.number().int(),
	deliveryId: z.number().int(),
});
export type AlertJobMessage = z.infer<typeof AlertJobMessage>;
