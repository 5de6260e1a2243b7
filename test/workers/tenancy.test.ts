/**
 * Tenancy, generated from the router: every route of the monolith under /api/0/ that takes an
 * organization, project or object parameter is called with the token of another organization's
 * owner, once with all parameters naming the victim's objects and once with the attacker's own
 * organization and project but the victim's object ids. Each answer must be 404, as Sentry answers
 * for what the caller may not see; the victim's data is unchanged afterwards. A new route with a
 * parameter this file does not know fails the test until it is given a value here (and so checked).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { monolithApp } from "../../workers/monolith";
import { FIRST_SEEN, WEBHOOK_ACTION } from "../../workers/region/alerts/rules";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "./tenant";

/**
 * Routes that are legitimately not organization-scoped, with why. Everything else under /api/0/
 * with a parameter is checked.
 */
const NOT_ORGANIZATION_SCOPED = new Set([
	// Signed service-to-service RPC (shared secret), not reachable with a user's token.
	"POST /api/0/internal/rpc/control/:method/",
	"POST /api/0/internal/rpc/region/:method/",
	"POST /api/0/internal/rpc/relay/:method/",
	// A user's own tokens, sessions only, revoked by id within the caller's user (api-tokens.test.ts).
	"DELETE /api/0/api-tokens/:tokenId/",
	// Invitations: the token in the path is the capability (whoever holds the link may accept it while
	// logged in); a wrong token, member or organization gets the same 400 (control/invites.test.ts).
	"GET /api/0/accept-invite/:member/:token/",
	"GET /api/0/accept-invite/:organization/:member/:token/",
	"POST /api/0/accept-invite/:member/:token/",
	"POST /api/0/accept-invite/:organization/:member/:token/",
]);

const rule = {
	name: "tenancy",
	actionMatch: "all",
	frequency: 5,
	conditions: [{ id: FIRST_SEEN }],
	actions: [{ id: WEBHOOK_ACTION, service: "webhooks", url: "https://example.com/hook" }],
};

/** A valid body for each route that takes one, so that only access decides the answer. */
const BODIES: Record<string, object> = {
	"POST /api/0/organizations/:organization/members/": { email: "intruder@example.com", orgRole: "member" },
	"PUT /api/0/organizations/:organization/members/:member/": { orgRole: "member" },
	"PUT /api/0/organizations/:organization/issues/:issue/": { status: "resolved" },
	"PUT /api/0/projects/:organization/:project/issues/": { status: "resolved" },
	"PUT /api/0/organizations/:organization/issues/": { status: "resolved", assignedTo: "" },
	"POST /api/0/organizations/:organization/issues/:issue/comments/": { text: "intruder" },
	"PUT /api/0/organizations/:organization/issues/:issue/comments/:note/": { text: "taken over" },
	"PUT /api/0/projects/:organization/:project/": { name: "taken over" },
	"POST /api/0/projects/:organization/:project/keys/": { name: "intruder" },
	"PUT /api/0/projects/:organization/:project/keys/:key/": { isActive: false },
	"PUT /api/0/projects/:organization/:project/filters/:filterId/": { active: true },
	"POST /api/0/projects/:organization/:project/rules/": rule,
	"PUT /api/0/projects/:organization/:project/rules/:rule/": rule,
	"POST /api/0/teams/:organization/:team/projects/": { name: "Intruder" },
	"POST /api/0/organizations/:organization/releases/": { version: "intruder@1", projects: ["web"] },
	"PUT /api/0/organizations/:organization/releases/:version/": { dateReleased: "2026-01-01T00:00:00Z" },
	"POST /api/0/organizations/:organization/releases/:version/deploys/": { environment: "production" },
	"POST /api/0/organizations/:organization/monitors/": {
		project: "web",
		name: "intruder",
		config: { schedule_type: "crontab", schedule: "0 * * * *" },
	},
	"PUT /api/0/organizations/:organization/monitors/:monitor/": { name: "taken over", isMuted: true },
	"POST /api/0/organizations/:organization/artifactbundle/assemble/": {
		checksum: "0".repeat(40),
		chunks: [],
		projects: ["web"],
	},
};

/** A valid query for each route that needs one (Sentry's sessions API answers 400 without `field`). */
const QUERIES: Record<string, string> = {
	"GET /api/0/organizations/:organization/sessions/": "?field=sum(session)&statsPeriod=24h&groupBy=release",
	"GET /api/0/organizations/:organization/events/": "?dataset=ourlogs",
	"GET /api/0/organizations/:organization/trace-logs/": `?traceId=${"cd".repeat(16)}`,
	"GET /api/0/organizations/:organization/events-timeseries/": "?dataset=ourlogs&groupBy=severity",
};

type Params = Record<string, string>;
let victim: Tenant;
let attacker: Tenant;
let victimParams: Params;
let attackerParams: Params;

const routes = () => {
	const seen = new Set<string>();
	return monolithApp.routes
		.filter(({ method, path }) => method !== "ALL" && path.startsWith("/api/0/") && path.includes("/:"))
		.map(({ method, path }) => `${method} ${path}`)
		.filter((route) => !NOT_ORGANIZATION_SCOPED.has(route) && !seen.has(route) && seen.add(route));
};

function fill(route: string, params: Params): { method: string; path: string } {
	const [method, template] = route.split(" ") as [string, string];
	const path = template.replace(/:(\w+)/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`no value for :${name} in ${route}: add one to this test`);
		return encodeURIComponent(value);
	});
	// The bulk issue update names its issues in the query, as Sentry's does.
	if (route.endsWith("/issues/") && (method === "PUT" || method === "DELETE"))
		return { method, path: `${path}?id=${params.issue}` };
	return { method, path: `${path}${QUERIES[route] ?? ""}` };
}

const call = (route: string, params: Params, token: string) => {
	const { method, path } = fill(route, params);
	const body = BODIES[route];
	return api(path, token, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
};

async function json(path: string): Promise<unknown> {
	const response = await api(path, victim.token);
	expect(response.status, path).toBe(200);
	return response.json();
}
const firstId = async (path: string) => String(((await json(path)) as { id: string }[])[0]?.id);

/** What the victim sees of its own objects. */
async function victimSnapshot() {
	const org = victim.slug;
	return Promise.all(
		[
			`/api/0/organizations/${org}/`,
			`/api/0/organizations/${org}/members/`,
			`/api/0/organizations/${org}/projects/`,
			`/api/0/projects/${org}/web/`,
			`/api/0/projects/${org}/web/keys/`,
			`/api/0/projects/${org}/web/rules/`,
			`/api/0/projects/${org}/web/filters/`,
			`/api/0/organizations/${org}/releases/victim@1/`,
			`/api/0/organizations/${org}/issues/${victimParams.issue}/`,
			`/api/0/organizations/${org}/monitors/victim-job/`,
		].map((path) => json(path)),
	);
}

beforeAll(async () => {
	victim = await createTenant("tenancy-victim");
	attacker = await createTenant("tenancy-attacker");
	const eventId = "ab".repeat(16);
	const sent = await sendEnvelope(victim, envelopeBody({ event_id: eventId }, [[{ type: "event" }, { message: "x" }]]));
	expect(sent.status).toBe(200);
	await storedEvent(victim, eventId);
	const created = await api(`/api/0/projects/${victim.slug}/web/rules/`, victim.token, {
		method: "POST",
		body: JSON.stringify(rule),
	});
	expect(created.status).toBe(200);
	const release = await api(`/api/0/organizations/${victim.slug}/releases/`, victim.token, {
		method: "POST",
		body: JSON.stringify({ version: "victim@1", projects: ["web"] }),
	});
	expect(release.status).toBe(201);
	const monitor = await api(`/api/0/organizations/${victim.slug}/monitors/`, victim.token, {
		method: "POST",
		body: JSON.stringify({
			project: "web",
			name: "Victim job",
			slug: "victim-job",
			config: { schedule_type: "crontab", schedule: "@hourly" },
		}),
	});
	expect(monitor.status).toBe(201);
	// A pending invitation, so that the snapshot of the victim's members covers invitations too.
	const invited = await api(`/api/0/organizations/${victim.slug}/members/`, victim.token, {
		method: "POST",
		body: JSON.stringify({ email: "invited-by-victim@example.com" }),
	});
	expect(invited.status).toBe(201);
	const objects = {
		issue: await firstId(`/api/0/projects/${victim.slug}/web/issues/`),
		event: eventId,
		member: await firstId(`/api/0/organizations/${victim.slug}/members/`),
		key: await firstId(`/api/0/projects/${victim.slug}/web/keys/`),
		rule: String(((await created.json()) as { id: string }).id),
		filterId: "browser-extensions",
		version: "victim@1",
		monitor: "victim-job",
		note: "1",
		tagKey: "level",
	};
	victimParams = { organization: victim.slug, project: "web", team: victim.slug, ...objects };
	attackerParams = { organization: attacker.slug, project: "web", team: attacker.slug, ...objects };
});

describe("every organization-scoped route, for another organization's token", () => {
	it("covers the routes it should (a sanity check on the enumeration)", () => {
		const all = routes();
		expect(all.length).toBeGreaterThan(25);
		expect(all).toContain("GET /api/0/organizations/:organization/issues/:issue/");
		expect(all).toContain("DELETE /api/0/projects/:organization/:project/rules/:rule/");
	});

	it("answers the victim's own GETs with 200, so the values filled in are real", async () => {
		for (const route of routes().filter((candidate) => candidate.startsWith("GET "))) {
			const response = await call(route, victimParams, victim.token);
			expect(response.status, route).toBe(200);
		}
	});

	it("answers 404 to every route with the victim's organization and objects", async () => {
		const before = await victimSnapshot();
		for (const route of routes()) {
			const response = await call(route, victimParams, attacker.token);
			expect(response.status, route).toBe(404);
			expect(await response.json(), route).toEqual({ detail: expect.any(String) });
		}
		expect(await victimSnapshot()).toEqual(before);
	});

	it("answers 404 to every route naming an object with the attacker's own organization and the victim's object ids", async () => {
		const before = await victimSnapshot();
		const withObjects = routes().filter((route) => /:(issue|event|member|key|rule|monitor|note)\b/.test(route));
		expect(withObjects.length).toBeGreaterThan(10);
		for (const route of withObjects) {
			const response = await call(route, attackerParams, attacker.token);
			expect(response.status, route).toBe(404);
		}
		expect(await victimSnapshot()).toEqual(before);
	});
});
