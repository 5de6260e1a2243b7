/**
 * Release health with the real Sentry SDK for Node against the running stack: in release A one user's
 * session crashes (an unhandled exception) and another's exits healthy; in release B one healthy
 * session. The sessions API and the releases API then show the crash-free rates Sentry would show.
 */
import * as Sentry from "@sentry/node";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "./stack";

const stack = inject("stack");
const api = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token}` } });
const run = Date.now().toString(36);
const releaseA = `health-a@${run}`;
const releaseB = `health-b@${run}`;

/** One SDK client per release, as two deployments of an app would have. */
async function withRelease(release: string, sessions: (() => void)[]) {
	Sentry.init({ dsn: stack.dsn, release, environment: "e2e-health", defaultIntegrations: false });
	for (const session of sessions) session();
	expect(await Sentry.flush(5000)).toBe(true);
	await Sentry.close();
}

const healthy = (user: string) => () => {
	Sentry.setUser({ id: user });
	Sentry.startSession();
	Sentry.endSession();
};
const crashing = (user: string) => () => {
	Sentry.setUser({ id: user });
	Sentry.startSession();
	Sentry.captureException(new Error("e2e crash"), { mechanism: { type: "e2e", handled: false } });
	Sentry.endSession();
};

interface Group {
	by: Record<string, string>;
	totals: Record<string, number | null>;
}

async function sessionsByRelease(): Promise<Map<string, Group["totals"]>> {
	const fields = ["sum(session)", "count_unique(user)", "crash_free_rate(session)", "crash_free_rate(user)"];
	const query = new URLSearchParams({
		statsPeriod: "24h",
		interval: "1h",
		query: `release:[${releaseA}, ${releaseB}]`,
	});
	for (const field of fields) query.append("field", field);
	query.append("groupBy", "release");
	const response = await api(`/api/0/organizations/${stack.org}/sessions/?${query}`);
	expect(response.status).toBe(200);
	const answer = (await response.json()) as { groups: Group[] };
	return new Map(answer.groups.map((group) => [group.by.release as string, group.totals]));
}

beforeAll(async () => {
	await withRelease(releaseA, [crashing("ada"), healthy("bob")]);
	await withRelease(releaseB, [healthy("cy")]);
});

describe("release health from @sentry/node sessions", () => {
	it("shows release A half crash-free and release B fully crash-free in the sessions API", async () => {
		const totals = await waitFor(async () => {
			const groups = await sessionsByRelease();
			const done = groups.get(releaseA)?.["sum(session)"] === 2 && groups.get(releaseB)?.["sum(session)"] === 1;
			return done ? groups : undefined;
		}, "both releases' sessions");
		expect(totals.get(releaseA)).toEqual({
			"sum(session)": 2,
			"count_unique(user)": 2,
			"crash_free_rate(session)": 0.5,
			"crash_free_rate(user)": 0.5,
		});
		expect(totals.get(releaseB)).toEqual({
			"sum(session)": 1,
			"count_unique(user)": 1,
			"crash_free_rate(session)": 1,
			"crash_free_rate(user)": 1,
		});
	});

	it("shows the same health, in percent, and adoption on the releases with health=1", async () => {
		const releases = await waitFor(async () => {
			const response = await api(`/api/0/projects/${stack.org}/${stack.project}/releases/?health=1&query=${run}`);
			const list = (await response.json()) as {
				version: string;
				projects: { healthData: Record<string, unknown> }[];
			}[];
			return list.length === 2 ? list : undefined;
		}, "both releases");
		const health = (version: string) =>
			releases.find((release) => release.version === version)?.projects[0]?.healthData;
		expect(health(releaseA)).toMatchObject({
			crashFreeSessions: 50,
			crashFreeUsers: 50,
			totalSessions: 2,
			sessionsCrashed: 1,
			hasHealthData: true,
		});
		expect(health(releaseB)).toMatchObject({ crashFreeSessions: 100, crashFreeUsers: 100, totalSessions: 1 });
		// Other tests send sessions to this project too: the releases' share of its last 24 hours is below 100 %.
		for (const version of [releaseA, releaseB]) {
			expect(health(version)?.sessionsAdoption).toBeGreaterThan(0);
			expect(health(version)?.sessionsAdoption).toBeLessThan(100);
		}
	});
});
