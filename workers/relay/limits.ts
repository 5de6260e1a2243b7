/**
 * Size limits, per request and per item type. Defaults follow Sentry's documented limits where a
 * Worker can hold them (an isolate has 128 MB, so the whole envelope is capped lower than Relay's
 * 100 MB); every one can be changed with the INGEST_LIMITS variable (JSON, bytes).
 */
import { z } from "zod";
import { SettingsError } from "../lib/settings";

const MiB = 1024 * 1024;
const KiB = 1024;

export const LimitsSchema = z.object({
	/** The request body as sent (compressed or not). */
	maxRequestBytes: z
		.number()
		.int()
		.positive()
		.default(20 * MiB),
	/** The envelope after decompression. */
	maxEnvelopeBytes: z
		.number()
		.int()
		.positive()
		.default(40 * MiB),
	/** A legacy `/store/` event after decompression. */
	maxStoreBytes: z
		.number()
		.int()
		.positive()
		.default(1 * MiB),
	maxEventBytes: z
		.number()
		.int()
		.positive()
		.default(1 * MiB),
	maxAttachmentBytes: z
		.number()
		.int()
		.positive()
		.default(20 * MiB),
	maxCheckInBytes: z
		.number()
		.int()
		.positive()
		.default(100 * KiB),
	maxSpanBytes: z
		.number()
		.int()
		.positive()
		.default(1 * MiB),
	maxSessionBytes: z
		.number()
		.int()
		.positive()
		.default(100 * KiB),
	/** One log of a `log` container (Relay's `max_log_size`; checked on average at the edge, each log in the region). */
	maxLogBytes: z
		.number()
		.int()
		.positive()
		.default(2 * MiB),
	/**
	 * A whole `log` container, and an OTLP/HTTP logs request after decompression. Relay allows 12 MiB
	 * (`max_container_size`); a region isolate (128 MB) holds a whole queue batch of them, so 2 MiB.
	 */
	maxLogContainerBytes: z
		.number()
		.int()
		.positive()
		.default(2 * MiB),
	maxClientReportBytes: z
		.number()
		.int()
		.positive()
		.default(100 * KiB),
	maxSecurityReportBytes: z
		.number()
		.int()
		.positive()
		.default(100 * KiB),
	maxItemsPerEnvelope: z.number().int().positive().default(100),
});
export type Limits = z.infer<typeof LimitsSchema>;

/** INGEST_LIMITS, or the defaults; a bad value throws a SettingsError naming the field (`INGEST_LIMITS.maxEventBytes: …`). */
export function parseLimits(json: string | undefined): Limits {
	let value: unknown;
	try {
		value = json ? JSON.parse(json) : {};
	} catch {
		throw new SettingsError("invalid settings: INGEST_LIMITS: not valid JSON");
	}
	const result = LimitsSchema.strict().safeParse(value);
	if (!result.success) {
		const issues = result.error.issues.map((issue) => {
			const fields = issue.code === "unrecognized_keys" ? issue.keys : issue.path.map(String);
			return `INGEST_LIMITS${fields.length ? `.${fields.join(", INGEST_LIMITS.")}` : ""}: ${issue.message}`;
		});
		throw new SettingsError(`invalid settings: ${issues.join("; ")}`);
	}
	return result.data;
}

/** The byte limit for one item of an envelope, by its type. */
export function itemLimit(type: string, limits: Limits): number {
	switch (type) {
		case "event":
		case "transaction":
		case "feedback":
		case "user_report":
			return limits.maxEventBytes;
		case "attachment":
			return limits.maxAttachmentBytes;
		case "check_in":
			return limits.maxCheckInBytes;
		case "span":
		case "otel_span":
			return limits.maxSpanBytes;
		case "session":
		case "sessions":
			return limits.maxSessionBytes;
		case "client_report":
			return limits.maxClientReportBytes;
		case "log":
			return limits.maxLogContainerBytes;
		case "security":
		case "raw_security":
			return limits.maxSecurityReportBytes;
		default:
			return limits.maxEnvelopeBytes;
	}
}
