import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deadLetters, events, groupCounts, groups, projects } from "../../../../schema/region";
import { randomHex } from "../../../../workers/lib/crypto";
import { regionDb } from "../../../../workers/lib/db";
import { applyRetention } from "../../../../workers/region/retention/retention";
import { createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../../tenant";

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

	it("deletes the bodies of a stale issue's events before the issue, orphaning nothing in R2", async () => {
		const stale = await createTenant("retention-stale");
		const eventId = randomHex(16);
		const eightyDaysAgo = Date.now() / 1000 - 80 * 86_400;
		await sendEnvelope(
			stale,
			envelopeBody({ event_id: eventId }, [[{ type: "event" }, { message: "late arrival", timestamp: eightyDaysAgo }]]),
		);
		await storedEvent(stale, eventId);
		const [row] = await region.select().from(events).where(eq(events.eventId, eventId));
		// Received now, so not old itself; but its issue was last seen 80 days ago and is stale in 11 days.
		const result = await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 11 * 86_400_000);
		expect(result).toMatchObject({ events: 1, issues: 1 });
		expect(await region.select().from(groups).where(eq(groups.projectId, stale.project.id))).toEqual([]);
		expect(await env.EVENTS_BUCKET.head(row?.bodyKey ?? "")).toBeNull();
	});

	it("deletes envelopes staged in R2 that no queue message can need, except those awaiting replay", async () => {
		const staged = await createTenant("retention-staged");
		const prefix = `ingest/${staged.organizationId}/${staged.project.id}/`;
		const [orphan, awaitingReplay] = [`${prefix}a.envelope`, `${prefix}b.envelope`];
		await env.EVENTS_BUCKET.put(orphan, "{}");
		await env.EVENTS_BUCKET.put(awaitingReplay, "{}");
		await region
			.insert(deadLetters)
			.values({ reason: "test", message: JSON.stringify({ type: "ingest.envelope", envelopeKey: awaitingReplay }) });
		// Younger than a queue message can be: its message may still come.
		expect((await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 13 * 86_400_000)).stagedEnvelopes).toBe(0);
		expect(await env.EVENTS_BUCKET.head(orphan)).not.toBeNull();
		const result = await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 15 * 86_400_000);
		expect(result.stagedEnvelopes).toBe(1);
		expect(await env.EVENTS_BUCKET.head(orphan)).toBeNull();
		expect(await env.EVENTS_BUCKET.head(awaitingReplay)).not.toBeNull();
	});

	it("deletes source map upload chunks that were never assembled, after a day", async () => {
		const key = "chunks/1/0000000000000000000000000000000000000000";
		await env.EVENTS_BUCKET.put(key, "chunk");
		expect((await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 3_600_000)).abandonedChunks).toBe(0);
		expect(await env.EVENTS_BUCKET.head(key)).not.toBeNull();
		expect((await applyRetention(region, env.EVENTS_BUCKET, Date.now() + 86_400_000 + 60_000)).abandonedChunks).toBe(1);
		expect(await env.EVENTS_BUCKET.head(key)).toBeNull();
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
