import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { withRegionEnvironments } from "../../../scripts/lib/region-environments";

const regionList = (names: string[]) =>
	JSON.stringify(
		names.map((name, index) => ({
			name,
			snowflake_id: index,
			address: `https://${name}.example.com`,
			category: "MULTI_TENANT",
		})),
	);

const template = (names: string[]) => `# a region worker
main = "index.ts"
compatibility_date = "2026-04-01"
name = "faultline-region-us"
vars = { SILO_MODE = "REGION", SENTRY_REGION = "us", SENTRY_MONOLITH_REGION = "us", SENTRY_REGION_CONFIG = '${regionList(names)}' }
d1_databases = [{ binding = "REGION_DB", database_name = "faultline-region-us", database_id = "faultline-region-us" }]
queues = { producers = [{ binding = "INGEST_QUEUE", queue = "ingest-us" }], consumers = [{ queue = "ingest-us", dead_letter_queue = "ingest-us-dlq" }] }
services = [{ binding = "REGION_RPC_US", service = "faultline-region-us", entrypoint = "RegionRpc" }]

[env.stale]
name = "left over"
`;

type Environment = {
	name: string;
	main?: string;
	vars: Record<string, string>;
	d1_databases: { database_id: string }[];
	queues: { producers: { queue: string }[]; consumers: { queue: string; dead_letter_queue: string }[] };
	services: { binding: string; service: string }[];
};

describe("regions:generate", () => {
	it("gives each region its own resources, renamed from the template's, and nothing else", () => {
		const text = withRegionEnvironments(template(["us", "de", "ap-south"]));
		const config = parse(text) as { env: Record<string, Environment> };
		expect(Object.keys(config.env)).toEqual(["us", "de", "ap-south"]);
		const de = config.env.de as Environment;
		expect(de.name).toBe("faultline-region-de");
		expect(de.main).toBeUndefined();
		expect(de.vars.SENTRY_REGION).toBe("de");
		expect(de.vars.SENTRY_MONOLITH_REGION).toBe("us");
		expect(JSON.parse(de.vars.SENTRY_REGION_CONFIG ?? "")).toHaveLength(3);
		expect(de.d1_databases[0]?.database_id).toBe("faultline-region-de");
		expect(de.queues.consumers[0]).toMatchObject({ queue: "ingest-de", dead_letter_queue: "ingest-de-dlq" });
		expect(config.env["ap-south"]?.services[0]).toMatchObject({
			binding: "REGION_RPC_AP_SOUTH",
			service: "faultline-region-ap-south",
		});
		expect(text.startsWith("# a region worker\n")).toBe(true);
	});

	it("writes what it reads: generating twice changes nothing", () => {
		const once = withRegionEnvironments(template(["us", "de"]));
		expect(withRegionEnvironments(once)).toBe(once);
	});

	it("scales to 1000 regions, each with resources no other region has", () => {
		const names = ["us", ...Array.from({ length: 999 }, (_, index) => `r${index}`)];
		const config = parse(withRegionEnvironments(template(names))) as { env: Record<string, Environment> };
		const databases = new Set(Object.values(config.env).map((env) => env.d1_databases[0]?.database_id));
		expect(databases.size).toBe(1000);
		expect(config.env.r998?.queues.producers[0]?.queue).toBe("ingest-r998");
	});
});
