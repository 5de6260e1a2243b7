/**
 * The project config the relay works from, as Relay's ProjectState (camelCase, unknown fields
 * ignored): which keys are valid, which origins may send, which inbound filters apply, how long
 * events are kept, and (later) quotas. The region builds it and writes it to KV under
 * `pcfg:<publicKey>`; the relay reads it from isolate memory, then KV, then the region.
 */
import { z } from "zod";
import { QuotaSchema } from "./quotas";

const Toggle = z.object({ isEnabled: z.boolean().default(false) });

export const FilterSettingsSchema = z.object({
	localhost: Toggle.optional(),
	browserExtensions: Toggle.optional(),
	webCrawlers: Toggle.optional(),
	legacyBrowsers: Toggle.extend({ options: z.array(z.string()).default(["default"]) }).optional(),
	errorMessages: z.object({ patterns: z.array(z.string()).default([]) }).optional(),
	releases: z.object({ releases: z.array(z.string()).default([]) }).optional(),
	clientIps: z.object({ blacklistedIps: z.array(z.string()).default([]) }).optional(),
});
export type FilterSettings = z.infer<typeof FilterSettingsSchema>;

export const PublicKeyConfigSchema = z.object({
	publicKey: z.string(),
	numericId: z.number().int(),
	isEnabled: z.boolean(),
	/** The key's own rate limit (Sentry's per-DSN limit), becoming a key-scoped quota. */
	rateLimit: z
		.object({ count: z.number().int().positive(), window: z.number().int().positive() })
		.nullable()
		.default(null),
});

export const ProjectStateSchema = z.object({
	disabled: z.literal(false),
	projectId: z.number().int(),
	organizationId: z.number().int(),
	slug: z.string(),
	publicKeys: z.array(PublicKeyConfigSchema),
	config: z.object({
		allowedDomains: z.array(z.string()).default(["*"]),
		filterSettings: FilterSettingsSchema.default({}),
		eventRetention: z.number().int().positive().default(90),
		quotas: z.array(QuotaSchema).default([]),
	}),
});
export type ProjectState = z.infer<typeof ProjectStateSchema>;

/** Relay's answer for a key it does not know, or whose project is gone. */
export const DisabledStateSchema = z.object({ disabled: z.literal(true) });

export const ProjectConfigEntrySchema = z.union([ProjectStateSchema, DisabledStateSchema]);
export type ProjectConfigEntry = z.infer<typeof ProjectConfigEntrySchema>;

export const projectConfigKvKey = (publicKey: string) => `pcfg:${publicKey}`;
