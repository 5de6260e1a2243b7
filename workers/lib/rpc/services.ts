/** The two cross-silo services: what control asks of a region, and what a region asks of control. */
import { z } from "zod";
import { ProjectConfigEntrySchema } from "../project-config";
import { ROLES } from "../scopes";

export const slugSchema = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "must be 1-50 lower-case letters, digits, dashes or underscores");

/** "Ada's Lab" → "ada-s-lab", as Sentry suggests slugs. */
export const slugFromName = (name: string) =>
	name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-|-$/g, "")
		.slice(0, 50);

export const OutboxDeliverySchema = z.object({
	id: z.number().int(),
	category: z.string(),
	objectIdentifier: z.number().int(),
	payload: z.unknown(),
});
export type OutboxDelivery = z.infer<typeof OutboxDeliverySchema>;

export const ProvisionOrganizationPayload = z.object({ id: z.number().int(), slug: slugSchema, name: z.string() });
export const OrganizationUpdatePayload = ProvisionOrganizationPayload;

/** Outbox payloads that keep a region's copies of tokens and memberships current. */
export const TokenReplicaPayload = z.object({
	hashedToken: z.string(),
	userId: z.number().int(),
	scopes: z.array(z.string()),
	expiresAt: z.number().nullable(),
});
export const TokenRevocationPayload = z.object({ hashedToken: z.string() });
export const MemberReplicaPayload = z.object({
	organizationId: z.number().int(),
	userId: z.number().int(),
	role: z.enum(ROLES),
	/** Sent when the membership starts (not on a role change); the region names and assigns members by it. */
	email: z.string().optional(),
});
export const MemberRemovalPayload = MemberReplicaPayload.omit({ role: true, email: true });
/** A user's account turned off (or on again): tokens of an inactive user authenticate nothing. */
export const UserStatePayload = z.object({ userId: z.number().int(), isActive: z.boolean() });

export const ProjectSummarySchema = z.object({
	id: z.number().int(),
	organizationId: z.number().int(),
	slug: z.string(),
	name: z.string(),
	platform: z.string().nullable(),
});

export const ProjectKeySummarySchema = z.object({
	id: z.number().int(),
	projectId: z.number().int(),
	label: z.string(),
	publicKey: z.string(),
	secretKey: z.string(),
	status: z.enum(["active", "disabled"]),
});

const Ok = z.object({ ok: z.literal(true) });

export const regionService = {
	applyControlOutbox: { input: OutboxDeliverySchema, output: Ok },
	ensureProject: {
		input: z.object({
			organizationId: z.number().int(),
			slug: slugSchema,
			name: z.string().min(1),
			platform: z.string().nullable(),
		}),
		output: ProjectSummarySchema,
	},
	ensureProjectKey: {
		input: z.object({ organizationId: z.number().int(), projectId: z.number().int() }),
		output: ProjectKeySummarySchema,
	},
};

/**
 * What a relay may ask of its region, and nothing else: the relay is the edge, so it holds neither
 * RPC_SHARED_SECRET nor a binding to the region's full service.
 */
export const relayService = {
	/** The relay's question on a cache miss (Relay asks Sentry's `/api/0/relays/projectconfigs/`). */
	getProjectConfig: {
		input: z.object({ publicKey: z.string().regex(/^[0-9a-f]{32}$/) }),
		output: ProjectConfigEntrySchema,
	},
};

export const controlService = {
	applyRegionOutbox: { input: OutboxDeliverySchema, output: Ok },
};

export type RegionService = typeof regionService;
export type RelayService = typeof relayService;
export type ControlService = typeof controlService;
