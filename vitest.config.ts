import { defineConfig } from "vitest/config";

// One project per layer: pure modules in Node, workers inside workerd, the running stack end to end.
export default defineConfig({
	test: { projects: ["test/unit/vitest.config.ts", "test/workers/vitest.config.ts", "test/e2e/vitest.config.ts"] },
});
