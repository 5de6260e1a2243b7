import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineProject } from "vitest/config";
import { QUIET_WRANGLER_ENV } from "../../scripts/lib/wrangler.ts";

Object.assign(process.env, QUIET_WRANGLER_ENV);

// The monolith inside workerd, with its real (local) D1, KV, R2 and Queues; storage is fresh per file.
export default defineProject({
	plugins: [
		cloudflareTest(async () => ({
			main: "workers/monolith/index.ts",
			wrangler: { configPath: "wrangler.toml" },
			miniflare: {
				bindings: {
					CONTROL_MIGRATIONS: await readD1Migrations("schema/migrations/control"),
					REGION_MIGRATIONS: await readD1Migrations("schema/migrations/region"),
					TEST_RPC_SHARED_SECRET: "test-rpc-shared-secret-of-at-least-32-chars",
					TEST_RELAY_RPC_SECRET: "test-relay-rpc-secret-of-at-least-32-chars",
				},
			},
		})),
	],
	test: {
		root: fileURLToPath(new URL("../..", import.meta.url)),
		name: "workers",
		include: ["test/workers/**/*.test.ts"],
		setupFiles: ["test/workers/setup.ts"],
		globalSetup: ["test/helpers/webhook-receiver-setup.ts"],
	},
});
