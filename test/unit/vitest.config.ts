import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
	test: {
		root: fileURLToPath(new URL("../..", import.meta.url)),
		name: "unit",
		environment: "node",
		include: ["test/unit/**/*.test.ts"],
	},
});
