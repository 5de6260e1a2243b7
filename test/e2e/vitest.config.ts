import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

// End to end: the real stack started as `npm start` starts it, driven over HTTP by real clients.
export default defineProject({
	test: {
		root: fileURLToPath(new URL("../..", import.meta.url)),
		name: "e2e",
		environment: "node",
		include: ["test/e2e/**/*.test.ts"],
		globalSetup: ["test/e2e/global-setup.ts"],
		setupFiles: ["test/e2e/setup.ts"],
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});
