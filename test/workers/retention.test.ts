import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { events, groupCounts, groups, projects } from "../../schema/region";
import { randomHex } from "../../workers/lib/crypto";
import { regionDb } from "../../workers/lib/db";
import { applyRetention } from "../../workers/region/retention";
import { createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "./tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);

beforeAll(async () => {
	tenant = await createTenant("retention");
});

describe("applyRetention", () => {
	it("deletes events, their bodies and issues older than the project's retention, and keeps the rest", async () => {
		const eventId = randomHex(16);
		await sendEnvelope(tenant, envelopeBody({ event_id: eventId }, [[{ type: "event" }, { message: "old news" }]]));
		await storedEvent(tenant, eventId);
		const [row] = await region.select().from(events).where(eq(events.eventId, eventId));
		expect(await env.EVENTS_BUCKET.head(row?.bodyKey ?? "")).not.toBeNull();

		expect(await applyRetention(region, env.EVENTS_BUCKET)).toMatchObject({ events: 0, issues: 0 });
		await region.update(projects).set({ eventRetentionDays: 30 }).where(eq(projects.id, tenant.project.id));
		const result = await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 31 * 86_400_000);
		expect(result).toMatchObject({ events: 1, issues: 1 });
		expect(await region.select().from(events).where(eq(events.eventId, eventId))).toEqual([]);
		expect(await region.select().from(groups).where(eq(groups.projectId, tenant.project.id))).toEqual([]);
		expect(await env.EVENTS_BUCKET.head(row?.bodyKey ?? "")).toBeNull();
	});

	it("keeps minute counters for an hour and hour counters for 30 days", async () => {
		const [group] = await region
			.insert(groups)
			.values({
				organizationId: tenant.organizationId,
				projectId: tenant.project.id,
				shortId: 1000,
				hash: randomHex(16),
				title: "counted",
				type: "default",
				level: "error",
				platform: "other",
				metadata: {},
				timesSeen: 1,
				firstSeen: new Date(),
				lastSeen: new Date(),
			})
			.returning();
		const now = Date.now();
		const counter = (resolution: "minute" | "hour", ageMs: number) => ({
			groupId: group?.id ?? 0,
			resolution,
			bucket: new Date(now - ageMs),
			count: 1,
		});
		await region
			.insert(groupCounts)
			.values([
				counter("minute", 30 * 60_000),
				counter("minute", 3 * 3_600_000),
				counter("hour", 29 * 86_400_000),
				counter("hour", 32 * 86_400_000),
			]);
		await applyRetention(region, env.EVENTS_BUCKET, now);
		const kept = await region
			.select({ resolution: groupCounts.resolution, bucket: groupCounts.bucket })
			.from(groupCounts)
			.where(eq(groupCounts.groupId, group?.id ?? 0))
			.orderBy(groupCounts.resolution);
		expect(kept.map((row) => [row.resolution, Math.round((now - row.bucket.getTime()) / 60_000)])).toEqual([
			["hour", 29 * 24 * 60],
			["minute", 30],
		]);
	});
});
