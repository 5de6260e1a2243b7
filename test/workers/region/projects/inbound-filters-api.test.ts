import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../../../workers/control/api-tokens";
import { randomHex } from "../../../../workers/lib/crypto";
import { controlDb } from "../../../../workers/lib/db";
import { forgetProjectConfigs } from "../../../../workers/relay/project-configs";
import { api, createTenant, envelopeBody, outcomesOnce, sendEnvelope, storedEvent, type Tenant } from "../../tenant";

let owner: Tenant;
let stranger: Tenant;
const FILTERS = "/api/0/projects/filtering/web/filters/";

const put = (path: string, body: object, token = owner.token) =>
	api(path, token, { method: "PUT", body: JSON.stringify(body) });
const filterStates = async () =>
	Object.fromEntries(
		((await (await api(FILTERS, owner.token)).json()) as { id: string; active: unknown }[]).map((filter) => [
			filter.id,
			filter.active,
		]),
	);

/** Sends one event through the relay (after this isolate forgets its cached configs, as its TTL would). */
async function send(event: object, headers: Record<string, string> = {}) {
	forgetProjectConfigs();
	const eventId = randomHex(16);
	const response = await sendEnvelope(owner, envelopeBody({ event_id: eventId }, [[{ type: "event" }, event]]), {
		headers,
	});
	expect(response.status).toBe(200);
	expect(await response.json()).toEqual({ id: eventId });
	return eventId;
}

/** Sends an event the filter `reason` should drop, and waits for its filtered outcome. */
async function expectFiltered(reason: string, event: object, headers: Record<string, string> = {}) {
	const key = `filtered/${reason}/error`;
	const before = (await outcomesOnce(owner, () => true))[key] ?? 0;
	const eventId = await send(event, headers);
	const after = await outcomesOnce(owner, (totals) => (totals[key] ?? 0) > before);
	expect(after[key]).toBe(before + 1);
	await expect(storedEvent(owner, eventId, 300)).rejects.toThrow(/was not stored/);
}

beforeAll(async () => {
	owner = await createTenant("filtering");
	stranger = await createTenant("filter-stranger");
});

describe("GET/PUT /api/0/projects/<org>/<project>/filters/", () => {
	it("lists Sentry's filters, all off for a new project", async () => {
		const response = await api(FILTERS, owner.token);
		expect(response.status).toBe(200);
		const filters = (await response.json()) as { id: string; active: unknown; name: string; hello: string }[];
		expect(filters.map((filter) => filter.id).sort()).toEqual([
			"browser-extensions",
			"legacy-browsers",
			"localhost",
			"web-crawlers",
		]);
		expect(filters.every((filter) => filter.active === false)).toBe(true);
		expect(filters.map((filter) => filter.name)).toEqual(filters.map((filter) => filter.name).sort());
		expect(filters.find((filter) => filter.id === "localhost")).toMatchObject({
			hello: "localhost - Filter out events coming from localhost",
		});
	});

	it.each([
		["localhost", { message: "from dev", request: { url: "http://localhost:3000/" } }, {}],
		["browser-extensions", { exception: { values: [{ type: "TypeError", value: "top.GLOBALS is undefined" }] } }, {}],
		[
			"web-crawlers",
			{ message: "from a bot" },
			{ "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
		],
	])("turns %s on: the relay then filters a matching event (200, filtered outcome)", async (id, event, headers) => {
		await send(event, headers);
		const response = await put(`${FILTERS}${id}/`, { active: true });
		expect(response.status).toBe(201);
		expect((await filterStates())[id]).toBe(true);
		await expectFiltered(id, event, headers);
		expect((await put(`${FILTERS}${id}/`, { active: false })).status).toBe(201);
		expect((await filterStates())[id]).toBe(false);
		const eventId = await send(event, headers);
		expect(await storedEvent(owner, eventId)).toMatchObject({ eventID: eventId });
	});

	it("sets legacy-browser subfilters, or all of them with active", async () => {
		const ie9 = { "user-agent": "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)" };
		expect((await put(`${FILTERS}legacy-browsers/`, { subfilters: ["safari_pre_6", "ie10"] })).status).toBe(201);
		expect((await filterStates())["legacy-browsers"]).toEqual(["ie10", "safari_pre_6"]);
		expect(await storedEvent(owner, await send({ message: "old ie" }, ie9))).toMatchObject({ title: "old ie" });
		expect((await put(`${FILTERS}legacy-browsers/`, { subfilters: ["ie9"] })).status).toBe(201);
		await expectFiltered("legacy-browsers", { message: "old ie" }, ie9);
		expect((await put(`${FILTERS}legacy-browsers/`, { subfilters: [] })).status).toBe(201);
		expect((await filterStates())["legacy-browsers"]).toBe(false);
		expect((await put(`${FILTERS}legacy-browsers/`, { active: true })).status).toBe(201);
		expect((await filterStates())["legacy-browsers"]).toBe(true);
		await expectFiltered("legacy-browsers", { message: "old ie" }, ie9);
		await put(`${FILTERS}legacy-browsers/`, { active: false });
	});

	it("refuses an unknown filter (404) and an unknown subfilter (400 with detail)", async () => {
		expect((await put(`${FILTERS}filtered-everything/`, { active: true })).status).toBe(404);
		const bad = await put(`${FILTERS}legacy-browsers/`, { subfilters: ["netscape"] });
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { detail: string }).detail).toMatch(/subfilters/);
	});

	it("is scoped to the organization and needs project:write to change", async () => {
		expect((await api(FILTERS, stranger.token)).status).toBe(404);
		expect((await put(`${FILTERS}localhost/`, { active: true }, stranger.token)).status).toBe(404);
		expect((await api(FILTERS, undefined)).status).toBe(401);
		const readOnly = await createApiToken(controlDb("MONOLITH", env.CONTROL_DB), owner.userId, {
			scopes: ["project:read"],
		});
		expect((await api(FILTERS, readOnly)).status).toBe(200);
		const denied = await put(`${FILTERS}localhost/`, { active: true }, readOnly);
		expect(denied.status).toBe(403);
		expect(await denied.json()).toEqual({ detail: "You do not have permission to perform this action." });
		expect((await filterStates()).localhost).toBe(false);
	});
});

describe("filter globs through PUT /api/0/projects/<org>/<project>/ options", () => {
	it("sets error-message and release globs that the relay applies, shown back as options", async () => {
		const response = await put("/api/0/projects/filtering/web/", {
			options: {
				"filters:error_messages": "*ResizeObserver*\n\n  TypeError: Failed to fetch  ",
				"filters:releases": "Canary@*",
			},
		});
		expect(response.status).toBe(200);
		const expected = {
			"filters:error_messages": "*ResizeObserver*\nTypeError: Failed to fetch",
			"filters:releases": "canary@*",
			"filters:blacklisted_ips": "",
		};
		expect(await response.json()).toMatchObject({ options: expected });
		expect(await (await api("/api/0/projects/filtering/web/", owner.token)).json()).toMatchObject({
			options: expected,
		});
		await expectFiltered("error-message", {
			exception: { values: [{ type: "Error", value: "ResizeObserver loop limit exceeded" }] },
		});
		await expectFiltered("release-version", { message: "from canary", release: "canary@2.0" });
		const kept = await send({ message: "from stable", release: "stable@2.0" });
		expect(await storedEvent(owner, kept)).toMatchObject({ eventID: kept });

		await put("/api/0/projects/filtering/web/", { options: { "filters:releases": "" } });
		const nowKept = await send({ message: "from canary", release: "canary@2.0" });
		expect(await storedEvent(owner, nowKept)).toMatchObject({ eventID: nowKept });
	});

	it("is refused to another organization's token", async () => {
		const response = await put(
			"/api/0/projects/filtering/web/",
			{ options: { "filters:releases": "*" } },
			stranger.token,
		);
		expect(response.status).toBe(404);
	});
});
