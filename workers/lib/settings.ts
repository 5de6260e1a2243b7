/**
 * Faultline's settings, read from wrangler `vars` (or the environment) and validated once per
 * isolate. A bad value fails loudly with a message that names the field.
 */
import { z } from "zod";
import { RegionDirectory, RegionListSchema } from "./regions";
import { SILO_MODES, type SiloMode } from "./silo";

/** The raw variables every Faultline worker reads; all of them are strings in wrangler `vars`. */
export interface SettingsVars {
	SILO_MODE?: string;
	SENTRY_REGION?: string;
	SENTRY_REGION_CONFIG?: string;
	SENTRY_MONOLITH_REGION?: string;
	FAULTLINE_URL?: string;
	RPC_SHARED_SECRET?: string;
	RELAY_RPC_SECRET?: string;
	ALERTS_ALLOW_PRIVATE_WEBHOOKS?: string;
	ALERTS_EMAIL_FROM?: string;
	INGEST_SPOOL?: string;
	FAULTLINE_TRUSTED_PROXIES?: string;
}

export interface Settings {
	/** NONE when SILO_MODE is unset: a relay, which belongs to no silo. */
	siloMode: SiloMode;
	/** The region this worker serves; undefined in CONTROL mode. */
	localRegion: string | undefined;
	regions: RegionDirectory;
	monolithRegion: string;
	/** Public base URL of Faultline (control host, or the monolith), used to build DSNs and links. */
	publicUrl: URL;
	/** Signs calls between control and regions; never given to a relay. */
	rpcSharedSecret: string | undefined;
	/** Signs a relay's calls to its region's narrow relay service, when it has no service binding to it. */
	relayRpcSecret: string | undefined;
	/** Whether alert webhooks may target private, loopback and link-local addresses (local development only). */
	alertsAllowPrivateWebhooks: boolean;
	/** The sender of alert e-mails: an address of a domain the `send_email` binding may send from. */
	alertsEmailFrom: string;
	/**
	 * Whether the relay writes each accepted envelope to R2 before queueing it (lib/ingest-spool.ts):
	 * on where queues live in memory (`npm start`), off where Queues are durable (Cloudflare).
	 */
	ingestSpool: boolean;
	/**
	 * Reverse proxies in front of a self-hosted Faultline that append to X-Forwarded-For; 0 (the
	 * default, and always on Cloudflare) trusts CF-Connecting-IP only (lib/client-ip.ts).
	 */
	trustedProxies: number;
}

export class SettingsError extends Error {
	override readonly name = "SettingsError";
}

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const jsonString = z.string().transform((text, ctx) => {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		ctx.addIssue({ code: "custom", message: "is not valid JSON" });
		return z.NEVER;
	}
});

const VarsSchema = z
	.object({
		SILO_MODE: z.preprocess(emptyToUndefined, z.enum(SILO_MODES).optional()),
		SENTRY_REGION: z.preprocess(emptyToUndefined, z.string().optional()),
		SENTRY_REGION_CONFIG: jsonString.pipe(RegionListSchema),
		SENTRY_MONOLITH_REGION: z.string().min(1),
		FAULTLINE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8787")),
		RPC_SHARED_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
		RELAY_RPC_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
		ALERTS_ALLOW_PRIVATE_WEBHOOKS: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
		ALERTS_EMAIL_FROM: z.preprocess(emptyToUndefined, z.email().default("alerts@faultline.localhost")),
		INGEST_SPOOL: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("off")),
		FAULTLINE_TRUSTED_PROXIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(0)),
	})
	.superRefine((vars, ctx) => {
		const names = new Set(vars.SENTRY_REGION_CONFIG.map((region) => region.name));
		if (!names.has(vars.SENTRY_MONOLITH_REGION)) {
			ctx.addIssue({
				code: "custom",
				path: ["SENTRY_MONOLITH_REGION"],
				message: `"${vars.SENTRY_MONOLITH_REGION}" is not a region in SENTRY_REGION_CONFIG`,
			});
		}
		if (vars.SENTRY_REGION !== undefined && !names.has(vars.SENTRY_REGION)) {
			ctx.addIssue({
				code: "custom",
				path: ["SENTRY_REGION"],
				message: `"${vars.SENTRY_REGION}" is not a region in SENTRY_REGION_CONFIG`,
			});
		}
		if (vars.SILO_MODE !== "CONTROL" && vars.SILO_MODE !== "MONOLITH" && vars.SENTRY_REGION === undefined) {
			ctx.addIssue({
				code: "custom",
				path: ["SENTRY_REGION"],
				message: `is required in ${vars.SILO_MODE ?? "a relay (no SILO_MODE)"}`,
			});
		}
		if (vars.SILO_MODE === "CONTROL" && vars.SENTRY_REGION !== undefined) {
			ctx.addIssue({ code: "custom", path: ["SENTRY_REGION"], message: "must be empty in CONTROL mode" });
		}
		if ((vars.SILO_MODE === "CONTROL" || vars.SILO_MODE === "REGION") && vars.RPC_SHARED_SECRET === undefined) {
			ctx.addIssue({
				code: "custom",
				path: ["RPC_SHARED_SECRET"],
				message: "is required (at least 32 characters) when silos are split",
			});
		}
		if (vars.SILO_MODE === undefined && vars.RPC_SHARED_SECRET !== undefined) {
			ctx.addIssue({
				code: "custom",
				path: ["RPC_SHARED_SECRET"],
				message: "must not be given to a relay (it would sign any call to control or a region); use RELAY_RPC_SECRET",
			});
		}
		if (vars.RELAY_RPC_SECRET !== undefined && vars.RELAY_RPC_SECRET === vars.RPC_SHARED_SECRET) {
			ctx.addIssue({ code: "custom", path: ["RELAY_RPC_SECRET"], message: "must differ from RPC_SHARED_SECRET" });
		}
	});

function describeIssue(issue: z.core.$ZodIssue): string {
	const [field, ...rest] = issue.path;
	const where = rest.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
	return `${String(field ?? "settings")}${where}: ${issue.message}`;
}

export function parseSettings(vars: SettingsVars): Settings {
	const result = VarsSchema.safeParse(vars);
	if (!result.success) {
		throw new SettingsError(`invalid settings: ${result.error.issues.map(describeIssue).join("; ")}`);
	}
	const parsed = result.data;
	return {
		siloMode: parsed.SILO_MODE ?? "NONE",
		localRegion:
			parsed.SILO_MODE === "MONOLITH" ? (parsed.SENTRY_REGION ?? parsed.SENTRY_MONOLITH_REGION) : parsed.SENTRY_REGION,
		regions: new RegionDirectory(parsed.SENTRY_REGION_CONFIG),
		monolithRegion: parsed.SENTRY_MONOLITH_REGION,
		publicUrl: new URL(parsed.FAULTLINE_URL),
		rpcSharedSecret: parsed.RPC_SHARED_SECRET,
		relayRpcSecret: parsed.RELAY_RPC_SECRET,
		alertsAllowPrivateWebhooks: parsed.ALERTS_ALLOW_PRIVATE_WEBHOOKS === "true",
		alertsEmailFrom: parsed.ALERTS_EMAIL_FROM,
		ingestSpool: parsed.INGEST_SPOOL === "on",
		trustedProxies: parsed.FAULTLINE_TRUSTED_PROXIES,
	};
}

const settingsCache = new WeakMap<object, Settings>();

/** Settings of a worker's `env`, parsed on first use and kept for the life of the isolate. */
export function settingsOf(env: SettingsVars): Settings {
	let settings = settingsCache.get(env);
	if (!settings) {
		settings = parseSettings(env);
		settingsCache.set(env, settings);
	}
	return settings;
}

/** The region this worker serves; throws in CONTROL mode, where there is none. */
export function localRegionOf(settings: Settings): string {
	if (settings.localRegion === undefined) throw new SettingsError("this worker serves no region (CONTROL mode)");
	return settings.localRegion;
}
