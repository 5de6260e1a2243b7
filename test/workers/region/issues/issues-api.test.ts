import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../../../schema/control";
import { createApiToken } from "../../../../workers/control/api-tokens";
import { randomHex } from "../../../../workers/lib/crypto";
import { controlDb } from "../../../../workers/lib/db";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../../tenant";

let owner: Tenant;
let stranger: Tenant;
let issueId: string;
const eventIds: string[] = [];
let otherIssueEvent: string;

const send = async (tenant: Tenant, value: string, fn: string, level = "error", release = "web@1") => {
	const eventId = randomHex(16);
	const body = envelopeBody({ event_id: eventId }, [
		[
			{ type: "event" },
			{
				level,
				release,
				user: { email: `${fn}@x.io` },
				exception: {
					values: [{ type: "Error", value, stacktrace: { frames: [{ module: "app", function: fn, in_app: true }] } }],
				},
			},
		],
	]);
	expect((await sendEnvelope(tenant, body)).status).toBe(200);
	await storedEvent(tenant, eventId);
	return eventId;
};

beforeAll(async () => {
	owner = await createTenant("owner-org");
	stranger = await createTenant("stranger-org");
	eventIds.push(await send(owner, "first", "alpha"), await send(owner, "second", "alpha"));
	otherIssueEvent = await send(owner, "disk full", "beta", "warning", "web@2");
	await send(owner, "timeout talking to db", "gamma");
	const issues = (await (await api("/api/0/projects/owner-org/web/issues/?query=", owner.token)).json()) as {
		id: string;
		title: string;
	}[];
	issueId = issues.find((issue) => issue.title === "Error: second")?.id ?? "";
});

describe("issues", () => {
	it("lists an organization's issues in Sentry's shape, newest first", async () => {
		const response = await api("/api/0/organizations/owner-org/issues/", owner.token);
		const issues = (await response.json()) as Record<string, unknown>[];
		expect(issues).toHaveLength(3);
		expect(issues.find((issue) => issue.id === issueId)).toMatchObject({
			shortId: expect.stringMatching(/^WEB-\d+$/),
			title: "Error: second",
			culprit: "app in alpha",
			status: "unresolved",
			count: "2",
			userCount: 1,
			project: { slug: "web" },
		});
	});

	it("searches with level:, release:, free text and is:", async () => {
		const titles = async (query: string) =>
			(
				(await (
					await api(`/api/0/projects/owner-org/web/issues/?query=${encodeURIComponent(query)}`, owner.token)
				).json()) as { title: string }[]
			).map((issue) => issue.title);
		expect(await titles("level:warning")).toEqual(["Error: disk full"]);
		expect(await titles("release:web@2")).toEqual(["Error: disk full"]);
		expect(await titles("timeout")).toEqual(["Error: timeout talking to db"]);
		expect(await titles("DISK")).toEqual(["Error: disk full"]);
		// Free text is literal: SQL wildcards match nothing, and long terms are fine.
		expect(await titles("time_ut")).toEqual([]);
		expect(await titles("%")).toEqual([]);
		expect(await titles("x".repeat(80))).toEqual([]);
		expect(await titles("is:resolved")).toEqual([]);
	});

	it("pages with a cursor and a Link header", async () => {
		const first = await api("/api/0/organizations/owner-org/issues/?limit=2", owner.token);
		expect(((await first.json()) as unknown[]).length).toBe(2);
		const link = first.headers.get("link") ?? "";
		expect(link).toContain('rel="next"; results="true"; cursor="0:2:0"');
		const second = await api("/api/0/organizations/owner-org/issues/?limit=2&cursor=0:2:0", owner.token);
		expect(((await second.json()) as unknown[]).length).toBe(1);
		expect(second.headers.get("link")).toContain('rel="next"; results="false"');
	});

	it("resolves, ignores and unresolves an issue", async () => {
		for (const status of ["resolved", "ignored", "unresolved"]) {
			const response = await api(`/api/0/organizations/owner-org/issues/${issueId}/`, owner.token, {
				method: "PUT",
				body: JSON.stringify({ status }),
			});
			expect(await response.json()).toMatchObject({ status });
		}
		const bulk = await api(`/api/0/projects/owner-org/web/issues/?id=${issueId}`, owner.token, {
			method: "PUT",
			body: JSON.stringify({ status: "resolved" }),
		});
		expect(await bulk.json()).toEqual({ status: "resolved", statusDetails: {} });
		const detail = await api(`/api/0/organizations/owner-org/issues/${issueId}/`, owner.token);
		expect(await detail.json()).toMatchObject({ status: "resolved" });
		const muted = await api(`/api/0/organizations/owner-org/issues/${issueId}/`, owner.token, {
			method: "PUT",
			body: JSON.stringify({ status: "muted" }),
		});
		expect(await muted.json()).toMatchObject({ status: "ignored" });
		const invalid = await api(`/api/0/organizations/owner-org/issues/${issueId}/`, owner.token, {
			method: "PUT",
			body: JSON.stringify({ status: "deleted" }),
		});
		expect(invalid.status).toBe(400);
	});

	it("lists an issue's events and serves the latest and any event in full", async () => {
		const listed = (await (
			await api(`/api/0/organizations/owner-org/issues/${issueId}/events/`, owner.token)
		).json()) as { eventID: string }[];
		expect(listed.map((event) => event.eventID).sort()).toEqual([...eventIds].sort());
		const latest = (await (
			await api(`/api/0/organizations/owner-org/issues/${issueId}/events/latest/`, owner.token)
		).json()) as Record<string, unknown>;
		expect(latest).toMatchObject({ groupID: issueId, entries: [{ type: "exception" }] });
		const eventOf = async (which: string) => {
			const response = await api(`/api/0/organizations/owner-org/issues/${issueId}/events/${which}/`, owner.token);
			return response.status === 200 ? ((await response.json()) as { eventID: string }).eventID : response.status;
		};
		expect(await eventOf("oldest")).toBe(eventIds[0]);
		expect(await eventOf("latest")).toBe(eventIds[1]);
		expect(await eventOf("recommended")).toBe(eventIds[1]);
		expect(await eventOf(eventIds[0] as string)).toBe(eventIds[0]);
		expect(await eventOf(otherIssueEvent)).toBe(404);
		const ofProject = (await (await api("/api/0/projects/owner-org/web/events/", owner.token)).json()) as {
			eventID: string;
		}[];
		expect(ofProject.map((event) => event.eventID)).toEqual(expect.arrayContaining([...eventIds, otherIssueEvent]));
		const full = await api(`/api/0/projects/owner-org/web/events/${eventIds[0]}/`, owner.token);
		expect(await full.json()).toMatchObject({
			eventID: eventIds[0],
			user: { email: "alpha@x.io" },
			release: { version: "web@1" },
		});
	});
});

describe("bulk changes and scopes", () => {
	it("changes the issues matching query (by default is:unresolved) when no id is given, as Sentry", async () => {
		const bulk = await createTenant("bulk-org");
		await send(bulk, "slow disk", "disk", "warning");
		await send(bulk, "db down", "db");
		await send(bulk, "cache cold", "cache");
		const put = (query: string, status: string) =>
			api(`/api/0/projects/bulk-org/web/issues/${query}`, bulk.token, {
				method: "PUT",
				body: JSON.stringify({ status }),
			});
		const statuses = async () =>
			Object.fromEntries(
				(
					(await (await api("/api/0/projects/bulk-org/web/issues/?query=", bulk.token)).json()) as {
						title: string;
						status: string;
					}[]
				).map((issue) => [issue.title, issue.status]),
			);
		expect((await put("?query=level:warning", "resolved")).status).toBe(200);
		expect(await statuses()).toEqual({
			"Error: slow disk": "resolved",
			"Error: db down": "unresolved",
			"Error: cache cold": "unresolved",
		});
		expect(await (await put("?query=cache", "ignored")).json()).toEqual({ status: "ignored", statusDetails: {} });
		// No id and no query: the unresolved issues, not every issue.
		expect((await put("", "ignored")).status).toBe(200);
		expect(await statuses()).toEqual({
			"Error: slow disk": "resolved",
			"Error: db down": "ignored",
			"Error: cache cold": "ignored",
		});
		expect((await put("", "resolved")).status).toBe(204);
		expect((await put("?id=999999999", "resolved")).status).toBe(204);
	});

	it("lists a project's issues only for a token with event:read", async () => {
		const control = controlDb("MONOLITH", env.CONTROL_DB);
		const user = await control.query.users.findFirst({ where: eq(users.email, "owner-org@example.com") });
		const projectOnly = await createApiToken(control, user?.id ?? 0, { scopes: ["org:read", "project:read"] });
		const response = await api("/api/0/projects/owner-org/web/issues/", projectOnly);
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ detail: "You do not have permission to perform this action." });
		expect((await api("/api/0/projects/owner-org/web/", projectOnly)).status).toBe(200);
	});

	it("reads events and their full bodies only with event:read, not with project:read", async () => {
		const control = controlDb("MONOLITH", env.CONTROL_DB);
		const user = await control.query.users.findFirst({ where: eq(users.email, "owner-org@example.com") });
		const projectOnly = await createApiToken(control, user?.id ?? 0, { scopes: ["org:read", "project:read"] });
		const eventReader = await createApiToken(control, user?.id ?? 0, { scopes: ["org:read", "event:read"] });
		const eventId = eventIds[0] ?? "";
		const paths = [
			"/api/0/projects/owner-org/web/events/",
			`/api/0/projects/owner-org/web/events/${eventId}/`,
			`/api/0/organizations/owner-org/issues/${issueId}/`,
			`/api/0/organizations/owner-org/issues/${issueId}/events/`,
			`/api/0/organizations/owner-org/issues/${issueId}/events/latest/`,
		];
		for (const path of paths) {
			const refused = await api(path, projectOnly);
			expect(refused.status, path).toBe(403);
			expect(await refused.text(), path).not.toContain(eventId);
			expect((await api(path, eventReader)).status, path).toBe(200);
		}
	});
});

describe("projects and keys", () => {
	it("lists projects, a project and its keys with DSNs", async () => {
		expect(await (await api("/api/0/organizations/owner-org/projects/", owner.token)).json()).toMatchObject([
			{ slug: "web", organization: { slug: "owner-org" } },
		]);
		expect(await (await api("/api/0/projects/owner-org/web/", owner.token)).json()).toMatchObject({ slug: "web" });
		const keys = (await (await api("/api/0/projects/owner-org/web/keys/", owner.token)).json()) as {
			public: string;
			dsn: { public: string };
		}[];
		expect(keys[0]?.dsn.public).toBe(`http://${owner.key.publicKey}@127.0.0.1:8787/${owner.project.id}`);
	});
});

describe("stats", () => {
	it("counts outcomes in the shape of Sentry's stats_v2", async () => {
		const response = await api(
			"/api/0/organizations/owner-org/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=24h&interval=1h",
			owner.token,
		);
		const stats = (await response.json()) as {
			intervals: string[];
			groups: { by: object; totals: Record<string, number>; series: Record<string, number[]> }[];
		};
		expect(stats.intervals).toHaveLength(24);
		const accepted = stats.groups.find(
			(group) => JSON.stringify(group.by) === JSON.stringify({ outcome: "accepted", category: "error" }),
		);
		expect(accepted?.totals["sum(quantity)"]).toBe(4);
		expect(accepted?.series["sum(quantity)"]?.reduce((sum, value) => sum + value, 0)).toBe(4);
		expect((await api("/api/0/organizations/owner-org/stats_v2/?groupBy=planet", owner.token)).status).toBe(400);
	});

	it("refuses ranges, intervals and filters that would make a huge series or query, as Sentry does", async () => {
		const stats = (query: string) => api(`/api/0/organizations/owner-org/stats_v2/?${query}`, owner.token);
		const tooMany = {
			detail:
				"Your interval and date range would create too many results. Use a larger interval, or a smaller date range.",
		};
		for (const query of ["statsPeriod=1000000d", "statsPeriod=1000000d&interval=1d", "statsPeriod=90d&interval=1h"]) {
			const refused = await stats(query);
			expect(refused.status, query).toBe(400);
			expect(await refused.json(), query).toEqual(tooMany);
		}
		expect(await (await stats("statsPeriod=24h&interval=5h")).json()).toEqual({
			detail: "The interval should divide one day without a remainder.",
		});
		expect((await stats(`statsPeriod=${"9".repeat(400)}d&interval=1d`)).status).toBe(400);
		expect((await stats("statsPeriod=0h")).status).toBe(400);
		const categories = Array.from({ length: 91 }, (_, index) => `category=c${index}`).join("&");
		expect((await stats(categories)).status).toBe(400);

		const longest = await stats("statsPeriod=90d&interval=1d");
		expect(((await longest.json()) as { intervals: string[] }).intervals).toHaveLength(90);
	});
});

describe("tenancy: every region route", () => {
	const routes = () => [
		["GET", "/api/0/organizations/owner-org/issues/"],
		["GET", "/api/0/projects/owner-org/web/issues/"],
		["PUT", `/api/0/projects/owner-org/web/issues/?id=${issueId}`],
		["GET", `/api/0/organizations/owner-org/issues/${issueId}/`],
		["PUT", `/api/0/organizations/owner-org/issues/${issueId}/`],
		["GET", `/api/0/organizations/owner-org/issues/${issueId}/events/`],
		["GET", `/api/0/organizations/owner-org/issues/${issueId}/events/latest/`],
		["GET", `/api/0/organizations/owner-org/issues/${issueId}/events/oldest/`],
		["GET", `/api/0/organizations/owner-org/issues/${issueId}/events/${eventIds[0]}/`],
		["GET", `/api/0/projects/owner-org/web/events/${eventIds[0]}/`],
		["GET", "/api/0/projects/owner-org/web/events/"],
		["GET", "/api/0/organizations/owner-org/projects/"],
		["GET", "/api/0/projects/owner-org/web/"],
		["GET", "/api/0/projects/owner-org/web/keys/"],
		["GET", "/api/0/organizations/owner-org/stats_v2/"],
	];

	it("answers 404 to another organization's token, 401 to no token", async () => {
		for (const [method, path] of routes()) {
			const init = method === "PUT" ? { method, body: JSON.stringify({ status: "resolved" }) } : { method };
			const foreign = await api(path as string, stranger.token, init);
			expect([path, foreign.status]).toEqual([path, 404]);
			expect(await foreign.json()).toEqual({ detail: "The requested resource does not exist" });
			expect([path, (await api(path as string, undefined, init)).status]).toEqual([path, 401]);
		}
	});

	it("does not find another organization's issue through one's own organization", async () => {
		const response = await api(`/api/0/organizations/stranger-org/issues/${issueId}/`, stranger.token);
		expect(response.status).toBe(404);
	});
});
