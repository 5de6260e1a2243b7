/**
 * Releases with health (`?health=1`): crash-free sessions and users in percent, totals, adoption and
 * stats buckets, as Sentry's release serializer shows them; and release health kept bounded by the
 * cron (session states forgotten after 5 days, a crowded day's users sampled).
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionStates, sessionUserLevels, sessionUsers } from "../../../../schema/region";
import { regionDb } from "../../../../workers/lib/db";
import { pruneSessions } from "../../../../workers/region/sessions";
import { userHash } from "../../../../workers/region/sessions/counting";
import { api, createTenant, type Tenant } from "../../tenant";
import { consume, DAY, hoursAgo, iso, messageOf, sessionItem, sessions, sid, totalsOf, update } from "./sessions";

const region = regionDb("MONOLITH", env.REGION_DB);
let tenant: Tenant;

interface HealthData {
	crashFreeSessions: number | null;
	crashFreeUsers: number | null;
	totalSessions: number | null;
	totalUsers: number | null;
	sessionsCrashed: number;
	sessionsErrored: number;
	adoption: number | null;
	sessionsAdoption: number | null;
	totalSessions24h: number;
	totalProjectSessions24h: number;
	hasHealthData: boolean;
	stats: Record<string, [number, number][]>;
}
type ReleaseJson = { version: string; projects: { slug: string; hasHealthData: boolean; healthData?: HealthData }[] };

const started = iso(hoursAgo(1));
const crashed = (release: string, did: string) => [
	sessionItem(update({ sid: sid(), did, init: true, started, status: "crashed", attrs: { release } })),
];
const healthy = (release: string, did: string) => [
	sessionItem(update({ sid: sid(), did, init: true, started, status: "exited", duration: 60, attrs: { release } })),
];

beforeAll(async () => {
	tenant = await createTenant("release-health");
	await consume([
		messageOf(tenant, crashed("health@1", "ada")),
		messageOf(tenant, healthy("health@1", "bob")),
		messageOf(tenant, healthy("health@2", "cy")),
	]);
});

async function releases(query: string): Promise<ReleaseJson[]> {
	const response = await api(`/api/0/projects/${tenant.slug}/web/releases/?${query}`, tenant.token);
	expect(response.status).toBe(200);
	return (await response.json()) as ReleaseJson[];
}

describe("releases with health", () => {
	it("lists the releases sessions named, with Sentry's healthData per project", async () => {
		const before = Math.floor(Date.now() / 3_600_000) * 3_600_000;
		const listed = await releases("health=1");
		const after = Math.floor(Date.now() / 3_600_000) * 3_600_000;
		const health = listed.find((release) => release.version === "health@1")?.projects[0]?.healthData;
		expect(health).toMatchObject({
			crashFreeSessions: 50,
			crashFreeUsers: 50,
			totalSessions: 2,
			totalUsers: 2,
			sessionsCrashed: 1,
			sessionsErrored: 0,
			totalSessions24h: 2,
			totalProjectSessions24h: 3,
			hasHealthData: true,
		});
		expect(health?.adoption).toBeCloseTo((2 / 3) * 100, 10);
		expect(health?.sessionsAdoption).toBeCloseTo((2 / 3) * 100, 10);
		const stats = health?.stats["24h"] ?? [];
		expect(stats).toHaveLength(24);
		expect(stats.reduce((sum, [, count]) => sum + count, 0)).toBe(2);
		expect([before, after]).toContain((stats.at(-1)?.[0] ?? 0) * 1000);
		const other = listed.find((release) => release.version === "health@2")?.projects[0]?.healthData;
		expect(other).toMatchObject({ crashFreeSessions: 100, crashFreeUsers: 100, totalSessions: 1 });
	});

	it("says hasHealthData without health=1, and adds healthData to the release details", async () => {
		const listed = await releases("");
		expect(listed.find((release) => release.version === "health@1")?.projects[0]).toMatchObject({
			hasHealthData: true,
		});
		expect(listed[0]?.projects[0]).not.toHaveProperty("healthData");
		const details = await api(
			`/api/0/organizations/${tenant.slug}/releases/health@2/?health=1&healthStat=users&healthStatsPeriod=7d`,
			tenant.token,
		);
		const release = (await details.json()) as ReleaseJson;
		expect(release.projects[0]?.healthData?.stats["7d"]?.reduce((sum, [, users]) => sum + users, 0)).toBe(1);
	});

	it("answers 400 for an unknown stats period or health stat", async () => {
		const response = await api(
			`/api/0/projects/${tenant.slug}/web/releases/?health=1&summaryStatsPeriod=3d`,
			tenant.token,
		);
		expect(response.status).toBe(400);
		expect(((await response.json()) as { detail: string }).detail).toMatch(
			/^Invalid summaryStatsPeriod\. Valid choices are '1h', '24h'/,
		);
		const stat = await api(`/api/0/projects/${tenant.slug}/web/releases/?health=1&healthStat=crashes`, tenant.token);
		expect(await stat.json()).toEqual({ detail: "invalid healthStat" });
	});
});

describe("keeping release health bounded", () => {
	it("forgets a session's state 5 days after it started", async () => {
		const states = () => region.select().from(sessionStates).where(eq(sessionStates.projectId, tenant.project.id));
		expect((await states()).length).toBe(3);
		await pruneSessions(region, Date.now() + 4 * DAY);
		expect((await states()).length).toBe(3);
		await pruneSessions(region, Date.now() + 5 * DAY + 2 * 3_600_000);
		expect(await states()).toEqual([]);
	});

	it("samples a crowded day's users by hash, and reads them scaled back up", async () => {
		const crowd = await createTenant("release-health-crowd");
		const release = "crowd@1";
		const users = Array.from({ length: 64 }, (_, index) => `user-${index}`);
		await consume(users.map((did) => messageOf(crowd, healthy(release, did))));
		const count = async () =>
			totalsOf(await sessions(crowd, `field=count_unique(user)&statsPeriod=24h&query=release:${release}`))?.[
				"count_unique(user)"
			];
		expect(await count()).toBe(64);
		await pruneSessions(region, Date.now(), 40);
		const [level] = await region
			.select()
			.from(sessionUserLevels)
			.where(eq(sessionUserLevels.organizationId, crowd.organizationId));
		expect(level?.level).toBe(1);
		const kept = await region.select().from(sessionUsers).where(eq(sessionUsers.organizationId, crowd.organizationId));
		const hashes = await Promise.all(users.map((did) => userHash(crowd.project.id, did)));
		const even = hashes.filter((hash) => hash % 2 === 0).sort();
		expect(kept.map((row) => row.userHash).sort()).toEqual(even);
		// An unbiased estimate: each kept hash stands for two users.
		expect(await count()).toBe(even.length * 2);
		// New users of the sampled day are kept only if their hash is.
		await consume(["late-1", "late-2", "late-3", "late-4"].map((did) => messageOf(crowd, healthy(release, did))));
		const after = await region.select().from(sessionUsers).where(eq(sessionUsers.organizationId, crowd.organizationId));
		expect(after.every((row) => row.userHash % 2 === 0)).toBe(true);
	});
});
