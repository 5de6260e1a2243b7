/**
 * The health of releases, as Sentry's release serializer shows it with `?health=1`
 * (release_health `get_release_health_data_overview`): per project and release, crash-free sessions
 * and users in percent over `summaryStatsPeriod`, sessions and users, crashed and errored sessions,
 * median and p90 duration in seconds, adoption (the release's share of the project's users, and of
 * its sessions, over the last 24 hours), and `stats` buckets of sessions or users over
 * `healthStatsPeriod`. `hasHealthData` says whether the release had sessions in the last 90 days.
 */
import type { RegionDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { DAY, HOUR, hourOf } from "./counting";
import { quantileOf } from "./durations";
import { type GroupData, readSessions, type SessionsScope } from "./store";

/** Sentry's STATS_PERIODS: bucket length in seconds and number of buckets. */
const STATS_PERIODS: Record<string, [number, number]> = {
	"1h": [3600, 1],
	"24h": [3600, 24],
	"1d": [3600, 24],
	"48h": [3600, 48],
	"2d": [3600, 48],
	"7d": [86400, 7],
	"14d": [86400, 14],
	"30d": [86400, 30],
	"90d": [259200, 30],
};

export interface HealthOptions {
	summaryStatsPeriod: string;
	healthStatsPeriod: string;
	healthStat: "sessions" | "users";
	environments: string[];
}

export interface ProjectRelease {
	projectId: number;
	version: string;
}

const invalidPeriod = (key: string) =>
	new ApiError(
		400,
		`Invalid ${key}. Valid choices are ${Object.keys(STATS_PERIODS)
			.map((period) => `'${period}'`)
			.join(", ")}`,
	);

/** The release API's health parameters, validated as Sentry validates them; undefined without `health=1`. */
export function healthOptionsOf(params: URLSearchParams): HealthOptions | undefined {
	const summaryStatsPeriod = params.get("summaryStatsPeriod") || "14d";
	const healthStatsPeriod = params.get("healthStatsPeriod") || (params.get("health") === "1" ? "24h" : "");
	const healthStat = params.get("healthStat") || "sessions";
	if (!(summaryStatsPeriod in STATS_PERIODS)) throw invalidPeriod("summaryStatsPeriod");
	if (healthStatsPeriod && !(healthStatsPeriod in STATS_PERIODS)) throw invalidPeriod("healthStatsPeriod");
	if (healthStat !== "sessions" && healthStat !== "users") throw new ApiError(400, "invalid healthStat");
	if (params.get("health") !== "1") return undefined;
	return { summaryStatsPeriod, healthStatsPeriod, healthStat, environments: params.getAll("environment") };
}

export const healthKey = (projectId: number, version: string) => `${projectId}:${version}`;

function scopeOf(
	organizationId: number,
	pairs: ProjectRelease[],
	environments: string[],
	range: Pick<SessionsScope, "start" | "end" | "interval">,
	byRelease = true,
): SessionsScope {
	return {
		organizationId,
		projectIds: [...new Set(pairs.map((pair) => pair.projectId))],
		environments,
		filter: byRelease
			? [[{ key: "release", values: [...new Set(pairs.map((pair) => pair.version))], negated: false }]]
			: undefined,
		...range,
		dimensions: byRelease ? ["project", "release"] : ["project"],
		read: { users: true, userSeries: false, durations: true },
	};
}

const byKey = (groups: GroupData[]) =>
	new Map(groups.map((group) => [healthKey(group.by.project as number, group.by.release ?? ""), group]));

/** Releases (of `pairs`) that had sessions in the last 90 days, keyed by healthKey. */
export async function releasesWithHealthData(
	db: RegionDb,
	organizationId: number,
	pairs: ProjectRelease[],
	now = Date.now(),
): Promise<Set<string>> {
	if (!pairs.length) return new Set();
	const end = hourOf(now) + HOUR;
	const scope = scopeOf(organizationId, pairs, [], { start: end - 90 * DAY, end, interval: 90 * DAY });
	const groups = await readSessions(db, { ...scope, read: { users: false, userSeries: false, durations: false } });
	return new Set(
		groups
			.filter((group) => group.totals.sessions.started > 0)
			.map((group) => healthKey(group.by.project as number, group.by.release ?? "")),
	);
}

export async function releaseHealth(
	db: RegionDb,
	organizationId: number,
	pairs: ProjectRelease[],
	options: HealthOptions,
	now = Date.now(),
) {
	const end = hourOf(now) + HOUR;
	const [summarySeconds, summaryBuckets] = STATS_PERIODS[options.summaryStatsPeriod] as [number, number];
	const summaryStart = hourOf(now - summarySeconds * summaryBuckets * 1000);
	const lastDay = { start: end - DAY, end, interval: DAY };
	const [summary, releasesDay, projectsDay, known] = await Promise.all([
		readSessions(
			db,
			scopeOf(organizationId, pairs, options.environments, { start: summaryStart, end, interval: end - summaryStart }),
		),
		readSessions(db, scopeOf(organizationId, pairs, options.environments, lastDay)),
		readSessions(db, scopeOf(organizationId, pairs, options.environments, lastDay, false)),
		releasesWithHealthData(db, organizationId, pairs, now),
	]);
	const stats = options.healthStatsPeriod ? await statsOf(db, organizationId, pairs, options, now) : undefined;
	const summaryOf = byKey(summary);
	const dayOf = byKey(releasesDay);
	const projectDayOf = new Map(projectsDay.map((group) => [group.by.project as number, group]));
	const health = new Map<string, ReturnType<typeof healthDataOf>>();
	for (const { projectId, version } of pairs) {
		const key = healthKey(projectId, version);
		health.set(
			key,
			healthDataOf(summaryOf.get(key), dayOf.get(key), projectDayOf.get(projectId), known.has(key), {
				[options.healthStatsPeriod]: stats?.(key),
			}),
		);
	}
	return health;
}

const percentFree = (part: number, whole: number) => (whole ? 100 - (part / whole) * 100 : null);
const share = (part: number, whole: number) => (part && whole ? (part / whole) * 100 : null);

function healthDataOf(
	summary: GroupData | undefined,
	day: GroupData | undefined,
	projectDay: GroupData | undefined,
	hasHealthData: boolean,
	stats: Record<string, [number, number][] | undefined>,
) {
	const sessions = summary?.totals.sessions;
	const users = summary?.totals.users;
	const [daySessions, dayUsers] = [day?.totals.sessions.started ?? 0, day?.totals.users.all ?? 0];
	const [projectSessions, projectUsers] = [projectDay?.totals.sessions.started ?? 0, projectDay?.totals.users.all ?? 0];
	const duration = (q: number) => (sessions?.exited ? quantileOf(sessions.histogram, q, sessions.durationMax) : null);
	return {
		durationP50: duration(0.5),
		durationP90: duration(0.9),
		crashFreeUsers: users ? percentFree(users.crashed, users.all) : null,
		crashFreeSessions: sessions ? percentFree(sessions.crashed, sessions.started) : null,
		sessionsCrashed: sessions?.crashed ?? 0,
		sessionsErrored: sessions ? Math.max(0, sessions.errored - sessions.crashed - sessions.abnormal) : 0,
		totalUsers: users?.all || null,
		totalUsers24h: dayUsers,
		totalProjectUsers24h: projectUsers,
		totalSessions: sessions?.started || null,
		totalSessions24h: daySessions,
		totalProjectSessions24h: projectSessions,
		adoption: share(dayUsers, projectUsers),
		sessionsAdoption: share(daySessions, projectSessions),
		stats,
		hasHealthData,
	};
}

/** `stats` of each release: `[unix seconds, sessions or users]` per bucket, the last one now's (Sentry's _make_stats). */
async function statsOf(
	db: RegionDb,
	organizationId: number,
	pairs: ProjectRelease[],
	options: HealthOptions,
	now: number,
) {
	const [seconds, buckets] = STATS_PERIODS[options.healthStatsPeriod] as [number, number];
	const rollup = seconds * 1000;
	const start = (Math.floor((now - rollup * buckets) / rollup) + 1) * rollup;
	const scope = scopeOf(organizationId, pairs, options.environments, {
		start,
		end: start + buckets * rollup,
		interval: rollup,
	});
	const groups = byKey(
		await readSessions(db, {
			...scope,
			read: { users: options.healthStat === "users", userSeries: true, durations: false },
		}),
	);
	return (key: string): [number, number][] =>
		Array.from({ length: buckets }, (_, slot) => {
			const group = groups.get(key);
			const value =
				options.healthStat === "users" ? group?.series.users[slot]?.all : group?.series.sessions[slot]?.started;
			return [(start + slot * rollup) / 1000, value ?? 0];
		});
}
