import { defineConfig } from "drizzle-kit";

export default defineConfig({ dialect: "sqlite", schema: "./schema/control.ts", out: "./schema/migrations/control" });
