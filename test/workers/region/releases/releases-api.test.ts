import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { releaseProjects, releases } from "../../../../schema/region";
import { createApiToken } from "../../../../workers/control/api-tokens";
import { randomHex } from "../../../../workers/lib/crypto";
import { controlDb, regionDb } from "../../../../workers/lib/db";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../../tenant";

let owner: Tenant;
let stranger: Tenant;
const RELEASES = "/api/0/organizations/releasing/releases/";

const send = (method: string, path: string, body: object, token = owner.token) =>
	api(path, token, { method, body: JSON.stringify(body) });
const tokenWith = (scopes: string[]) => createApiToken(controlDb("MONOLITH", env.CONTROL_DB), owner.userId, { scopes });

beforeAll(async () => {
	owner = await createTenant("releasing");
	stranger = await createTenant("release-stranger");
});

describe("POST/GET /api/0/organizations/<org>/releases/", () => {
	it("creates a release in Sentry's shape (201), and answers 208 for the same version again", async () => {
		const created = await send("POST", RELEASES, {
			version: "web@1.0.0",
			projects: ["web"],
			ref: "main",
			dateStarted: "2026-01-02T03:04:05.123456789Z",
		});
		expect(created.status).toBe(201);
		expect(await created.json()).toMatchObject({
			version: "web@1.0.0",
			shortVersion: "web@1.0.0",
			versionInfo: { package: "web", version: { raw: "1.0.0" } },
			ref: "main",
			dateStarted: "2026-01-02T03:04:05.123Z",
			dateReleased: null,
			newGroups: 0,
			commitCount: 0,
			lastCommit: null,
			projects: [{ id: owner.project.id, slug: "web", name: "Web", newGroups: 0 }],
		});
		const again = await send("POST", RELEASES, { version: "web@1.0.0", projects: [owner.project.id] });
		expect(again.status).toBe(208);
		expect(((await again.json()) as { projects: unknown[] }).projects).toHaveLength(1);
	});

	it("lists the organization's releases newest first, by project and by query, with a Link header", async () => {
		await send("POST", RELEASES, { version: "web@1.1.0", projects: ["web"] });
		const response = await api(RELEASES, owner.token);
		expect(response.status).toBe(200);
		expect(response.headers.get("link")).toContain('rel="next"');
		const versions = ((await response.json()) as { version: string }[]).map((release) => release.version);
		expect(versions.slice(0, 2)).toEqual(["web@1.1.0", "web@1.0.0"]);
		const matching = (await (await api(`${RELEASES}?query=WEB@1.1`, owner.token)).json()) as { version: string }[];
		expect(matching.map((release) => release.version)).toEqual(["web@1.1.0"]);
		expect(await (await api(`${RELEASES}?query=web_1`, owner.token)).json()).toEqual([]);
		const ofProject = (await (await api("/api/0/projects/releasing/web/releases/", owner.token)).json()) as unknown[];
		expect(ofProject.length).toBeGreaterThanOrEqual(2);
	});

	it("lists 100 releases a page (more bound parameters than D1 takes in one statement) and refuses too many projects", async () => {
		const many = await createTenant("many-releases");
		const region = regionDb("MONOLITH", env.REGION_DB);
		for (let index = 0; index < 120; index++) {
			const [release] = await region
				.insert(releases)
				.values({
					organizationId: many.organizationId,
					version: `many@${index}`,
					createdAt: new Date(1_000_000 + index),
				})
				.returning({ id: releases.id });
			await region
				.insert(releaseProjects)
				.values({ organizationId: many.organizationId, releaseId: release?.id ?? 0, projectId: many.project.id });
		}
		const page = await api("/api/0/organizations/many-releases/releases/?per_page=100", many.token);
		expect(page.status).toBe(200);
		const listed = (await page.json()) as { version: string; projects: { slug: string }[] }[];
		expect(listed).toHaveLength(100);
		expect(listed[0]).toMatchObject({ version: "many@119", projects: [{ slug: "web" }] });
		expect(listed.every((release) => release.projects.length === 1)).toBe(true);
		const next = /<([^>]+)>; rel="next"; results="true"/.exec(page.headers.get("link") ?? "")?.[1] ?? "";
		const rest = (await (await api(new URL(next).pathname + new URL(next).search, many.token)).json()) as unknown[];
		expect(rest).toHaveLength(20);

		const projects = Array.from({ length: 91 }, (_, index) => `project=${index + 1}`).join("&");
		const tooMany = await api(`/api/0/organizations/many-releases/releases/?${projects}`, many.token);
		expect(tooMany.status).toBe(400);
		expect(await tooMany.json()).toEqual({ detail: "at most 90 values of project may be given" });
	});

	it("refuses a JSON body over 1 MiB with 413 before parsing it", async () => {
		const commits = Array.from({ length: 20_000 }, (_, index) => ({ id: `${index}`.padStart(40, "0"), message: "x" }));
		const response = await send("POST", RELEASES, { version: "web@huge", projects: ["web"], commits });
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ detail: "The request body is larger than 1048576 bytes." });
	});

	it("rejects bad input with Sentry's {detail} 400s", async () => {
		for (const body of [
			{ version: "web@2", projects: "web" },
			{ version: "latest", projects: ["web"] },
			{ version: "a/b", projects: ["web"] },
			{ projects: ["web"] },
			{ version: "web@2", projects: ["web"], dateReleased: "yesterday" },
		]) {
			const response = await send("POST", RELEASES, body);
			expect(response.status).toBe(400);
			expect(typeof ((await response.json()) as { detail: unknown }).detail).toBe("string");
		}
		const unknownProject = await send("POST", RELEASES, { version: "web@2", projects: ["nope"] });
		expect(unknownProject.status).toBe(400);
		expect(await unknownProject.json()).toEqual({ detail: "Invalid project ids or slugs" });
		expect((await api(`${RELEASES}web@2/`, owner.token)).status).toBe(404);
	});
});

describe("/api/0/organizations/<org>/releases/<version>/", () => {
	it("finalizes with dateReleased and keeps the commits set-commits sends", async () => {
		await send("POST", RELEASES, { version: "web@3", projects: ["web"] });
		const finalized = await send("PUT", `${RELEASES}web@3/`, { dateReleased: "2026-02-03T04:05:06Z" });
		expect(finalized.status).toBe(200);
		expect(await finalized.json()).toMatchObject({ version: "web@3", dateReleased: "2026-02-03T04:05:06.000Z" });
		const commits = [
			{ id: "b".repeat(40), repository: "origin", message: "second", author_name: "Ann", author_email: "ann@x.io" },
			{ id: "a".repeat(40), repository: "origin", message: "first", timestamp: "2026-02-01T00:00:00+01:00" },
		];
		const withCommits = await send("PUT", `${RELEASES}web@3/`, {
			commits,
			refs: [{ repository: "origin", commit: "b".repeat(40) }],
		});
		expect(await withCommits.json()).toMatchObject({
			commitCount: 2,
			lastCommit: { id: "b".repeat(40), message: "second", author: { name: "Ann", email: "ann@x.io" } },
			dateReleased: "2026-02-03T04:05:06.000Z",
		});
		const listed = (await (await api(`${RELEASES}web@3/commits/`, owner.token)).json()) as { id: string }[];
		expect(listed.map((commit) => commit.id)).toEqual(["b".repeat(40), "a".repeat(40)]);
		await send("PUT", `${RELEASES}web@3/`, { commits: commits.slice(1) });
		expect(await (await api(`${RELEASES}web@3/`, owner.token)).json()).toMatchObject({ commitCount: 1 });
	});

	it("answers previous-with-commits with the last earlier release that has commits, or {}", async () => {
		await send("POST", RELEASES, { version: "web@4", projects: ["web"] });
		const previous = await api(`${RELEASES}web@4/previous-with-commits/`, owner.token);
		expect(await previous.json()).toMatchObject({ version: "web@3", lastCommit: { id: "a".repeat(40) } });
		const none = await api(`${RELEASES}web@1.0.0/previous-with-commits/`, owner.token);
		expect(await none.json()).toEqual({});
	});

	it("counts the issues first seen in the release as newGroups", async () => {
		const eventId = randomHex(16);
		const body = envelopeBody({ event_id: eventId }, [
			[{ type: "event" }, { message: "first seen in web@4", release: "web@4", level: "error" }],
		]);
		expect((await sendEnvelope(owner, body)).status).toBe(200);
		await storedEvent(owner, eventId);
		expect(await (await api(`${RELEASES}web@4/`, owner.token)).json()).toMatchObject({
			newGroups: 1,
			projects: [{ slug: "web", newGroups: 1 }],
		});
	});

	it("creates the release an event names, linked to the event's project", async () => {
		const eventId = randomHex(16);
		const body = envelopeBody({ event_id: eventId }, [[{ type: "event" }, { message: "hi", release: "web@implicit" }]]);
		expect((await sendEnvelope(owner, body)).status).toBe(200);
		await storedEvent(owner, eventId);
		const release = await api(`${RELEASES}web@implicit/`, owner.token);
		expect(release.status).toBe(200);
		expect(await release.json()).toMatchObject({ version: "web@implicit", newGroups: 1, projects: [{ slug: "web" }] });
	});

	it("archives and restores a release, leaving archived ones out of the default listing", async () => {
		await send("POST", RELEASES, { version: "web@old", projects: ["web"] });
		const archived = await send("POST", RELEASES, { version: "web@old", projects: [], status: "archived" });
		expect(archived.status).toBe(208);
		expect(await archived.json()).toMatchObject({ status: "archived", projects: [{ slug: "web" }] });
		const versions = async (query: string) =>
			((await (await api(`${RELEASES}${query}`, owner.token)).json()) as { version: string }[]).map(
				(release) => release.version,
			);
		expect(await versions("")).not.toContain("web@old");
		expect(await versions("?status=archived")).toEqual(["web@old"]);
		expect(await (await api(`${RELEASES}?status=deleted`, owner.token)).json()).toEqual({
			detail: "invalid value for status",
		});
		await send("PUT", `${RELEASES}web@old/`, { status: "open" });
		expect(await versions("")).toContain("web@old");
	});

	it("records deploys, newest first, and counts them on the release", async () => {
		const DEPLOYS = `${RELEASES}web@3/deploys/`;
		const first = await send("POST", DEPLOYS, { environment: "staging", dateFinished: "2026-03-01T00:00:00Z" });
		expect(first.status).toBe(201);
		expect(await first.json()).toMatchObject({
			environment: "staging",
			name: null,
			dateFinished: "2026-03-01T00:00:00.000Z",
		});
		const second = await send("POST", DEPLOYS, { environment: "production", name: "v3 rollout", url: "https://x.io" });
		expect(await second.json()).toMatchObject({ environment: "production", name: "v3 rollout" });
		const listed = (await (await api(DEPLOYS, owner.token)).json()) as { environment: string }[];
		expect(listed.map((deploy) => deploy.environment)).toEqual(["production", "staging"]);
		expect(await (await api(`${RELEASES}web@3/`, owner.token)).json()).toMatchObject({
			deployCount: 2,
			lastDeploy: { environment: "production", name: "v3 rollout" },
		});
		const invalid = await send("POST", DEPLOYS, { environment: "a/b" });
		expect(invalid.status).toBe(400);
		expect((await send("POST", `${RELEASES}web@none/deploys/`, { environment: "prod" })).status).toBe(404);
	});

	it("deletes a release", async () => {
		await send("POST", RELEASES, { version: "web@gone", projects: ["web"] });
		expect((await api(`${RELEASES}web@gone/`, owner.token, { method: "DELETE" })).status).toBe(204);
		expect((await api(`${RELEASES}web@gone/`, owner.token)).status).toBe(404);
	});

	it("lists no repositories (there are no repository integrations)", async () => {
		const response = await api("/api/0/organizations/releasing/repos/", owner.token);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual([]);
	});
});

describe("release tenancy and scopes", () => {
	it("answers another organization's token with 404 everywhere", async () => {
		const paths = [
			["GET", RELEASES],
			["POST", RELEASES],
			["GET", `${RELEASES}web@3/`],
			["PUT", `${RELEASES}web@3/`],
			["DELETE", `${RELEASES}web@3/`],
			["GET", `${RELEASES}web@3/commits/`],
			["GET", `${RELEASES}web@3/previous-with-commits/`],
			["GET", `${RELEASES}web@3/deploys/`],
			["POST", `${RELEASES}web@3/deploys/`],
			["GET", "/api/0/projects/releasing/web/releases/"],
			["GET", "/api/0/organizations/releasing/repos/"],
		] as const;
		for (const [method, path] of paths) {
			const response = await api(path, stranger.token, {
				method,
				...(method === "POST" || method === "PUT"
					? { body: JSON.stringify({ version: "x", projects: ["web"], dateReleased: null, environment: "prod" }) }
					: {}),
			});
			expect([method, path, response.status]).toEqual([method, path, 404]);
		}
		expect(await (await api(`${RELEASES}web@3/`, owner.token)).json()).toMatchObject({ commitCount: 1 });
		const theirs = (await (await api("/api/0/organizations/release-stranger/releases/", stranger.token)).json()) as [];
		expect(theirs).toEqual([]);
	});

	it("needs a token for reading and project:releases (or project:write) for writing", async () => {
		expect((await api(RELEASES, undefined)).status).toBe(401);
		const readOnly = await tokenWith(["project:read"]);
		expect((await api(RELEASES, readOnly)).status).toBe(200);
		expect((await send("POST", RELEASES, { version: "web@ro", projects: ["web"] }, readOnly)).status).toBe(403);
		expect((await send("PUT", `${RELEASES}web@3/`, { dateReleased: null }, readOnly)).status).toBe(403);
		const releaser = await tokenWith(["project:releases"]);
		expect((await send("POST", RELEASES, { version: "web@ci", projects: ["web"] }, releaser)).status).toBe(201);
	});
});
