import { defineConfig } from "drizzle-kit";

export default defineConfig({
	dialect: "sqlite",
	schema: "./schema/region/index.ts",
	out: "./schema/migrations/region",
});
