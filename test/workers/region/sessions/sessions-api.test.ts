/**
 * Release health through the ingest consumer and Sentry's sessions API: the counting rules (updates
 * and redeliveries counted once, aggregates, users distinct across hours and days, durations), the
 * answer's shape, the query grammar and the 400s.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, createTenant, type Tenant } from "../../tenant";
import {
	aggregatesItem,
	consume,
	DAY,
	hoursAgo,
	iso,
	messageOf,
	sessionItem,
	sessions,
	sid,
	totalsOf,
	update,
} from "./sessions";

let tenant: Tenant;

beforeAll(async () => {
	tenant = await createTenant("sessions-api");
});

const byStatus = "field=sum(session)&groupBy=session.status&statsPeriod=24h&interval=1h";

describe("counting sessions", () => {
	it("counts a session updated ok → errored → crashed once, as crashed, however often it is delivered", async () => {
		const id = sid();
		const started = iso(hoursAgo(2));
		const attrs = { release: "count@1" };
		const updates = [
			messageOf(tenant, [sessionItem(update({ sid: id, did: "ada", init: true, started, attrs }))]),
			messageOf(tenant, [sessionItem(update({ sid: id, did: "ada", status: "errored", errors: 1, started, attrs }))]),
			messageOf(tenant, [sessionItem(update({ sid: id, did: "ada", status: "crashed", errors: 2, started, attrs }))]),
		];
		await consume(updates);
		// The same batch redelivered, and the SDK sending the final update again in a new envelope.
		await consume(updates);
		await consume([
			messageOf(tenant, [sessionItem(update({ sid: id, did: "ada", status: "crashed", errors: 2, started, attrs }))]),
		]);
		const answer = await sessions(tenant, `${byStatus}&query=release:count@1`);
		expect(answer.groups.map((group) => [group.by["session.status"], group.totals["sum(session)"]])).toEqual([
			["abnormal", 0],
			["crashed", 1],
			["errored", 0],
			["healthy", 0],
		]);
		const rates = await sessions(
			tenant,
			"field=crash_free_rate(session)&field=crash_free_rate(user)&field=count_unique(user)&statsPeriod=24h&query=release:count@1",
		);
		expect(totalsOf(rates)).toEqual({
			"crash_free_rate(session)": 0,
			"crash_free_rate(user)": 0,
			"count_unique(user)": 1,
		});
	});

	it("counts an errored session once however many updates report errors, and an exited one as healthy", async () => {
		const errored = sid();
		const healthy = sid();
		const started = iso(hoursAgo(1));
		const attrs = { release: "count@2" };
		await consume([
			messageOf(tenant, [
				sessionItem(update({ sid: errored, init: true, started, errors: 1, attrs })),
				sessionItem(update({ sid: healthy, init: true, started, attrs })),
			]),
			messageOf(tenant, [sessionItem(update({ sid: errored, started, errors: 3, attrs }))]),
			messageOf(tenant, [sessionItem(update({ sid: errored, started, status: "exited", errors: 3, attrs }))]),
			messageOf(tenant, [sessionItem(update({ sid: healthy, started, status: "exited", duration: 12.5, attrs }))]),
		]);
		const answer = await sessions(tenant, `${byStatus}&query=release:count@2`);
		expect(
			Object.fromEntries(answer.groups.map((group) => [group.by["session.status"], group.totals["sum(session)"]])),
		).toEqual({
			abnormal: 0,
			crashed: 0,
			errored: 1,
			healthy: 1,
		});
	});

	it("adds `sessions` aggregates: exited, errored, crashed and abnormal", async () => {
		const started = iso(hoursAgo(3));
		await consume([
			messageOf(tenant, [
				aggregatesItem({
					attrs: { release: "aggregate@1", environment: "production" },
					aggregates: [
						{ started, exited: 5, errored: 2, crashed: 1, abnormal: 1 },
						{ started, did: "grace", exited: 1 },
					],
				}),
			]),
		]);
		const answer = await sessions(tenant, `${byStatus}&field=count_unique(user)&query=release:aggregate@1`);
		expect(
			Object.fromEntries(
				answer.groups.map((group) => [
					group.by["session.status"],
					[group.totals["sum(session)"], group.totals["count_unique(user)"]],
				]),
			),
		).toEqual({ abnormal: [1, 0], crashed: [1, 0], errored: [2, 0], healthy: [6, 1] });
		const rate = await sessions(tenant, "field=crash_free_rate(session)&statsPeriod=24h&query=release:aggregate@1");
		expect(totalsOf(rate)?.["crash_free_rate(session)"]).toBeCloseTo(1 - 1 / 10, 12);
	});

	it("drops sessions without a release, older than 5 days, in the future or of an unknown status", async () => {
		const attrs = { release: "dropped@1" };
		await consume([
			messageOf(tenant, [
				sessionItem(update({ sid: sid(), init: true, started: iso(Date.now() - 5 * DAY - 60_000), attrs })),
				sessionItem(update({ sid: sid(), init: true, started: iso(Date.now() + 10 * 60_000), attrs })),
				sessionItem(update({ sid: sid(), init: true, started: iso(hoursAgo(1)), status: "exploded", attrs })),
				sessionItem({ sid: sid(), init: true, started: iso(hoursAgo(1)), attrs: { environment: "production" } }),
				sessionItem(update({ sid: sid(), init: true, started: iso(hoursAgo(1)), attrs: { release: "a/b" } })),
			]),
		]);
		const answer = await sessions(tenant, "field=sum(session)&statsPeriod=7d&interval=1d&groupBy=release");
		expect(answer.groups.map((group) => group.by.release)).not.toContain("dropped@1");
		expect(answer.groups.map((group) => group.by.release)).not.toContain("a/b");
	});

	it("counts users once across the hours and days of a range", async () => {
		const attrs = { release: "users@1" };
		const dayStart = Math.floor(Date.now() / DAY) * DAY;
		const twoDaysAgo = dayStart - 2 * DAY + 10 * 3_600_000;
		const yesterday = dayStart - DAY + 10 * 3_600_000;
		await consume([
			messageOf(tenant, [
				sessionItem(update({ sid: sid(), did: "ada", init: true, started: iso(twoDaysAgo), attrs })),
				sessionItem(update({ sid: sid(), did: "ada", init: true, started: iso(twoDaysAgo + 3_600_000), attrs })),
				sessionItem(update({ sid: sid(), did: "ada", init: true, started: iso(yesterday), attrs })),
				sessionItem(update({ sid: sid(), did: "bob", init: true, started: iso(yesterday), status: "crashed", attrs })),
			]),
		]);
		const daily = await sessions(
			tenant,
			`field=count_unique(user)&field=sum(session)&field=crash_free_rate(user)&start=${iso(dayStart - 2 * DAY)}&end=${iso(dayStart - 1000)}&interval=1d&query=release:users@1`,
		);
		expect(daily.intervals).toEqual(
			[iso(dayStart - 2 * DAY), iso(dayStart - DAY)].map((time) => time.replace(".000Z", "Z")),
		);
		expect(daily.groups).toEqual([
			{
				by: {},
				totals: { "count_unique(user)": 2, "sum(session)": 4, "crash_free_rate(user)": 0.5 },
				series: {
					"count_unique(user)": [1, 2],
					"sum(session)": [2, 2],
					"crash_free_rate(user)": [1, 0.5],
				},
			},
		]);
		const hourly = await sessions(
			tenant,
			`field=count_unique(user)&start=${iso(twoDaysAgo)}&end=${iso(twoDaysAgo + 3 * 3_600_000 - 1000)}&interval=1h&query=release:users@1`,
		);
		expect(hourly.groups[0]?.series["count_unique(user)"]).toEqual([1, 1, 0]);
		expect(hourly.groups[0]?.totals["count_unique(user)"]).toBe(1);
	});
});

describe("the sessions API", () => {
	it("answers Sentry's shape: start, end, intervals, groups with by, totals and series, query", async () => {
		const attrs = { release: "shape@1", environment: "staging" };
		const started = hoursAgo(4);
		await consume([
			messageOf(tenant, [
				sessionItem(update({ sid: sid(), init: true, started: iso(started), status: "exited", duration: 30, attrs })),
			]),
		]);
		const answer = await sessions(
			tenant,
			"field=sum(session)&field=avg(session.duration)&field=p50(session.duration)&field=max(session.duration)&groupBy=release&groupBy=environment&statsPeriod=24h&interval=6h&query=release:shape@1",
		);
		expect(answer.query).toBe("release:shape@1");
		expect(answer.intervals).toHaveLength(5);
		expect(answer.start).toBe(answer.intervals[0]);
		expect(Date.parse(answer.end) - Date.parse(answer.intervals[4] as string)).toBe(6 * 3_600_000);
		const slot = answer.intervals.findLastIndex((interval) => Date.parse(interval) <= started);
		const group = answer.groups[0];
		expect(group?.by).toEqual({ release: "shape@1", environment: "staging" });
		expect(group?.totals).toMatchObject({
			"sum(session)": 1,
			"avg(session.duration)": 30_000,
			"max(session.duration)": 30_000,
		});
		// The histogram's bin around 30 s is 19 % wide; the percentile never exceeds the maximum.
		expect(group?.totals["p50(session.duration)"]).toBeGreaterThan(26_000);
		expect(group?.totals["p50(session.duration)"]).toBeLessThanOrEqual(30_000);
		expect(group?.series["sum(session)"]?.[slot]).toBe(1);
		expect(group?.series["avg(session.duration)"]?.filter((value) => value === null)).toHaveLength(4);
	});

	it("answers one empty group without groupBy, null rates without sessions, no groups by release, and totals alone", async () => {
		const empty = await sessions(
			tenant,
			"field=sum(session)&field=crash_free_rate(session)&statsPeriod=1d&query=release:none@0",
		);
		expect(empty.groups).toEqual([
			{
				by: {},
				totals: { "sum(session)": 0, "crash_free_rate(session)": null },
				series: { "sum(session)": expect.any(Array), "crash_free_rate(session)": expect.any(Array) },
			},
		]);
		expect(empty.groups[0]?.series["crash_free_rate(session)"]?.every((value) => value === null)).toBe(true);
		const byRelease = await sessions(tenant, "field=sum(session)&statsPeriod=1d&groupBy=release&query=release:none@0");
		expect(byRelease.groups).toEqual([]);
		const totalsOnly = await sessions(
			tenant,
			"field=count_unique(user)&statsPeriod=1d&includeSeries=0&query=release:none@0",
		);
		expect(totalsOnly.groups).toEqual([{ by: {}, totals: { "count_unique(user)": 0 } }]);
	});

	it("filters by release and environment terms, OR and negation, and the environment parameter", async () => {
		const releases = async (query: string) =>
			(await sessions(tenant, `field=sum(session)&statsPeriod=24h&groupBy=release&${query}`)).groups
				.map((group) => group.by.release)
				.sort();
		expect(
			await releases(`query=${encodeURIComponent('release:"count@1" OR release:[count@2, aggregate@1]')}`),
		).toEqual(["aggregate@1", "count@1", "count@2"]);
		expect(await releases(`query=${encodeURIComponent("!release:count@1 environment:production")}`)).toEqual([
			"aggregate@1",
			"count@2",
		]);
		expect(await releases("environment=staging")).toEqual(["shape@1"]);
	});

	it("orders groups by the primary field and pages them with Link cursors", async () => {
		const first = await api(
			`/api/0/organizations/${tenant.slug}/sessions/?field=sum(session)&statsPeriod=24h&groupBy=release&orderBy=-sum(session)&per_page=1`,
			tenant.token,
		);
		const answer = (await first.json()) as { groups: { by: { release: string } }[] };
		expect(answer.groups.map((group) => group.by.release)).toEqual(["aggregate@1"]);
		expect(first.headers.get("link")).toContain('rel="next"; results="true"; cursor="0:1:0"');
	});

	it("answers 400 with Sentry's detail for a bad query, and 403 for another organization's project", async () => {
		const detail = async (query: string) => {
			const response = await api(`/api/0/organizations/${tenant.slug}/sessions/?${query}`, tenant.token);
			return [response.status, ((await response.json()) as { detail: string }).detail];
		};
		expect(await detail("statsPeriod=1d")).toEqual([400, 'Request is missing a "field"']);
		expect(await detail("field=summ(session)&statsPeriod=1d")).toEqual([400, 'Invalid field: "summ(session)"']);
		expect(await detail("field=sum(session)&groupBy=issue.id&statsPeriod=1d")).toEqual([
			400,
			'Invalid groupBy: "issue.id"',
		]);
		expect(await detail("field=crash_rate(session)&groupBy=session.status&statsPeriod=1d")).toEqual([
			400,
			"Cannot group field crash_rate(session) by session.status",
		]);
		expect(await detail("field=sum(session)&interval=1h")).toEqual([
			400,
			"Your interval and date range would create too many results. Use a larger interval, or a smaller date range.",
		]);
		expect(await detail("field=sum(session)&statsPeriod=1d&interval=5h")).toEqual([
			400,
			"The interval should divide one day without a remainder.",
		]);
		expect(await detail("field=sum(session)&statsPeriod=1d&query=issue.id:1")).toEqual([
			400,
			"Invalid search filter: issue.id",
		]);
		expect(await detail("field=sum(session)&statsPeriod=1d&query=release:foo@*")).toEqual([
			400,
			"Invalid condition: wildcard search is not supported",
		]);
		expect(await detail("field=sum(session)&statsPeriod=1d&orderBy=count_unique(user)")).toEqual([
			400,
			"'orderBy' must be one of the provided 'fields'",
		]);
		const other = await createTenant("sessions-api-other");
		expect(await detail(`field=sum(session)&statsPeriod=1d&project=${other.project.id}`)).toEqual([
			403,
			"You do not have permission to perform this action.",
		]);
	});
});
