import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError, type SettingsVars } from "../../../workers/lib/settings";

const region = (name: string, snowflake_id: number) => ({
	name,
	snowflake_id,
	address: `https://${name}.faultline.example`,
	category: "MULTI_TENANT",
});

const valid: SettingsVars = {
	SILO_MODE: "REGION",
	SENTRY_REGION: "de",
	SENTRY_REGION_CONFIG: JSON.stringify([region("us", 1), region("de", 2)]),
	SENTRY_MONOLITH_REGION: "us",
	FAULTLINE_URL: "https://faultline.example",
	RPC_SHARED_SECRET: "x".repeat(32),
};

const failure = (vars: SettingsVars) => {
	try {
		parseSettings(vars);
	} catch (error) {
		if (error instanceof SettingsError) return error.message;
		throw error;
	}
	throw new Error("settings were accepted");
};

describe("parseSettings", () => {
	it("parses a split region's settings", ({ expect }) => {
		const settings = parseSettings(valid);
		expect(settings.siloMode).toBe("REGION");
		expect(settings.localRegion).toBe("de");
		expect(settings.regions.get("de")?.snowflake_id).toBe(2);
		expect(settings.publicUrl.host).toBe("faultline.example");
	});

	it("serves the monolith region in MONOLITH mode when SENTRY_REGION is empty", ({ expect }) => {
		const settings = parseSettings({ ...valid, SILO_MODE: "MONOLITH", SENTRY_REGION: "", RPC_SHARED_SECRET: "" });
		expect(settings.localRegion).toBe("us");
	});

	it("reads a relay (no SILO_MODE) as belonging to no silo, serving its region", ({ expect }) => {
		const relay = { ...valid, SILO_MODE: undefined, RPC_SHARED_SECRET: undefined, RELAY_RPC_SECRET: "r".repeat(32) };
		const settings = parseSettings(relay);
		expect(settings.siloMode).toBe("NONE");
		expect(settings.localRegion).toBe("de");
		expect(settings.relayRpcSecret).toBe("r".repeat(32));
		expect(failure({ ...relay, SENTRY_REGION: "" })).toMatch(/SENTRY_REGION: is required/);
	});

	it("never gives a relay the secret that signs calls between control and regions", ({ expect }) => {
		expect(failure({ ...valid, SILO_MODE: undefined })).toMatch(/RPC_SHARED_SECRET: must not be given to a relay/);
		expect(failure({ ...valid, RELAY_RPC_SECRET: valid.RPC_SHARED_SECRET })).toMatch(
			/RELAY_RPC_SECRET: must differ from RPC_SHARED_SECRET/,
		);
	});

	it("names the field of each bad value", ({ expect }) => {
		expect(failure({ ...valid, SILO_MODE: "CELL" })).toMatch(/SILO_MODE: /);
		expect(failure({ ...valid, SENTRY_REGION_CONFIG: "[{" })).toMatch(/SENTRY_REGION_CONFIG: is not valid JSON/);
		const badCategory = JSON.stringify([{ ...region("us", 1), category: "SHARED" }]);
		expect(failure({ ...valid, SENTRY_REGION_CONFIG: badCategory, SENTRY_REGION: "us" })).toMatch(
			/SENTRY_REGION_CONFIG\[0\]\.category: /,
		);
		const badAddress = JSON.stringify([{ ...region("us", 1), address: "ftp://x" }]);
		expect(failure({ ...valid, SENTRY_REGION_CONFIG: badAddress, SENTRY_REGION: "us" })).toMatch(
			/SENTRY_REGION_CONFIG\[0\]\.address: /,
		);
		expect(failure({ ...valid, SENTRY_REGION: "eu" })).toMatch(/SENTRY_REGION: "eu" is not a region/);
		expect(failure({ ...valid, SENTRY_MONOLITH_REGION: "eu" })).toMatch(/SENTRY_MONOLITH_REGION: "eu" is not a region/);
		expect(failure({ ...valid, RPC_SHARED_SECRET: "short" })).toMatch(/RPC_SHARED_SECRET: /);
		expect(failure({ ...valid, SENTRY_REGION: "" })).toMatch(/SENTRY_REGION: is required in REGION/);
		expect(failure({ ...valid, SILO_MODE: "CONTROL" })).toMatch(/SENTRY_REGION: must be empty in CONTROL mode/);
		expect(failure({ ...valid, FAULTLINE_TRUSTED_PROXIES: "one" })).toMatch(/FAULTLINE_TRUSTED_PROXIES: /);
	});

	it("trusts no proxy unless told how many there are", ({ expect }) => {
		expect(parseSettings(valid).trustedProxies).toBe(0);
		expect(parseSettings({ ...valid, FAULTLINE_TRUSTED_PROXIES: "2" }).trustedProxies).toBe(2);
	});

	it("rejects duplicate region names and snowflake ids", ({ expect }) => {
		const duplicateName = JSON.stringify([region("us", 1), region("us", 2)]);
		expect(failure({ ...valid, SENTRY_REGION_CONFIG: duplicateName, SENTRY_REGION: "us" })).toMatch(
			/SENTRY_REGION_CONFIG\[1\]\.name: duplicate region name "us"/,
		);
		const duplicateId = JSON.stringify([region("us", 1), region("de", 1)]);
		expect(failure({ ...valid, SENTRY_REGION_CONFIG: duplicateId })).toMatch(
			/SENTRY_REGION_CONFIG\[1\]\.snowflake_id: duplicate snowflake_id 1/,
		);
	});

	it("parses a 1000-region config and finds any region by name", ({ expect }) => {
		const regions = Array.from({ length: 1000 }, (_, index) => region(`r${index}`, index));
		const settings = parseSettings({
			...valid,
			SENTRY_REGION: "r999",
			SENTRY_MONOLITH_REGION: "r0",
			SENTRY_REGION_CONFIG: JSON.stringify(regions),
		});
		expect(settings.regions.regions).toHaveLength(1000);
		expect(settings.regions.get("r999")?.snowflake_id).toBe(999);
		expect(settings.regions.get("r500")?.address).toBe("https://r500.faultline.example");
		expect(settings.regions.get("r1000")).toBeUndefined();
	});
});

describe("the committed wrangler configs", () => {
	const configs = [
		"wrangler.toml",
		"workers/control/wrangler.toml",
		"workers/region/wrangler.toml",
		"workers/relay/wrangler.toml",
	];
	const devVars = (path: string) => {
		const file = path.replace("wrangler.toml", ".dev.vars");
		try {
			return Object.fromEntries(
				readFileSync(file, "utf8")
					.trim()
					.split("\n")
					.map((line) => line.split(/\s*=\s*/).map((part) => part.replace(/^"|"$/g, ""))),
			) as SettingsVars;
		} catch {
			return {};
		}
	};

	it.each(configs)("%s holds valid settings in every environment", (path) => {
		const config = parse(readFileSync(path, "utf8")) as unknown as {
			vars: SettingsVars;
			env?: Record<string, { vars: SettingsVars }>;
		};
		for (const vars of [config.vars, ...Object.values(config.env ?? {}).map((env) => env.vars)]) {
			expect(() => parseSettings({ ...vars, ...devVars(path) })).not.toThrow();
		}
	});
});
