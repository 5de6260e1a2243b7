import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { users } from "../../schema/control";
import { projects } from "../../schema/region";
import { controlDb, regionDb } from "../../workers/lib/db";
import { SiloLimitViolation } from "../../workers/lib/silo";
import { monolithApp } from "../../workers/monolith";

const splitEnv = (mode: "CONTROL" | "REGION") => ({
	...env,
	SILO_MODE: mode,
	SENTRY_REGION: mode === "REGION" ? "us" : "",
	RPC_SHARED_SECRET: env.TEST_RPC_SHARED_SECRET,
});

describe("database handles", () => {
	it("are refused in the other silo's mode", ({ expect }) => {
		expect(() => controlDb("REGION", env.CONTROL_DB)).toThrow(SiloLimitViolation);
		expect(() => regionDb("CONTROL", env.REGION_DB)).toThrow(SiloLimitViolation);
		expect(() => controlDb("MONOLITH", env.CONTROL_DB)).not.toThrow();
	});

	it("refuse a query on another silo's table before it reaches D1, even in MONOLITH", async ({ expect }) => {
		await expect(regionDb("MONOLITH", env.REGION_DB).select().from(users)).rejects.toThrow(SiloLimitViolation);
		await expect(controlDb("MONOLITH", env.CONTROL_DB).select().from(projects)).rejects.toThrow(
			'table "projects" belongs to the region silo',
		);
	});

	it("run queries on their own silo's tables", async ({ expect }) => {
		expect(await regionDb("MONOLITH", env.REGION_DB).select().from(projects)).toEqual([]);
	});
});

describe("routes", () => {
	it("answer 404 for a control route in REGION mode", async ({ expect }) => {
		const response = await monolithApp.request("/api/0/", {}, splitEnv("REGION"));
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ detail: "The requested resource does not exist" });
		expect((await monolithApp.request("/api/0/", {}, env)).status).toBe(200);
	});

	it("answer 404 for a region route in CONTROL mode", async ({ expect }) => {
		const request = () =>
			new Request("http://faultline.test/api/0/internal/rpc/region/ensureProject/", { method: "POST", body: "{}" });
		expect((await monolithApp.request(request(), {}, splitEnv("CONTROL"))).status).toBe(404);
		// The same route in REGION mode exists and only refuses the unsigned call.
		expect((await monolithApp.request(request(), {}, splitEnv("REGION"))).status).toBe(401);
	});
});
