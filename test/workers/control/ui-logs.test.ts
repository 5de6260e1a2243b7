/**
 * The logs pages of the web UI in the monolith: the project's logs newest first with level filter,
 * search, facets, counts and links to the trace; the live tail's new lines; the issue page's logs of
 * the event's trace; hostile log text escaped; another organization's logs not shown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../browser";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant, waitFor } from "../tenant";

const HOSTILE = "<script>alert(1)</script>";
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const EVENT_ID = "1123456789abcdef0123456789abcdef";
let tenant: Tenant;
let other: Tenant;

const log = (body: string, level: string, seconds: number, attributes: Record<string, unknown> = {}) => ({
	timestamp: Date.now() / 1000 - seconds,
	trace_id: TRACE,
	level,
	body,
	attributes: Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, { value, type: "string" }])),
});

const sendLogs = (items: unknown[]) =>
	sendEnvelope(
		tenant,
		envelopeBody({}, [
			[{ type: "log", item_count: items.length, content_type: "application/vnd.sentry.items.log+json" }, { items }],
		]),
	);

async function signedIn(who: Tenant) {
	const browser = new Browser(`198.51.100.${Math.floor(Math.random() * 200) + 1}`);
	expect((await browser.login(`${who.slug}@example.com`, "password123")).status).toBe(302);
	return browser;
}

const storedLogs = () =>
	waitFor(
		"logs were not stored",
		async () =>
			(await (
				await api(`/api/0/organizations/${tenant.slug}/events/?dataset=ourlogs&field=message`, tenant.token)
			).json()) as { data: unknown[] },
		(table) => table.data.length >= 3,
	);

beforeAll(async () => {
	tenant = await createTenant("ui-logs");
	other = await createTenant("ui-logs-other");
	expect(
		(
			await sendLogs([
				log("checkout started", "info", 30, { cart: "c-7" }),
				log(`payment failed ${HOSTILE}`, "error", 20, { cart: "c-7" }),
				log("retrying payment", "warn", 10, { cart: "c-8" }),
			])
		).status,
	).toBe(200);
	const event = {
		event_id: EVENT_ID,
		message: "checkout crashed",
		contexts: { trace: { trace_id: TRACE, span_id: "b7ad6b7169203331" } },
	};
	expect((await sendEnvelope(tenant, envelopeBody({ event_id: EVENT_ID }, [[{ type: "event" }, event]]))).status).toBe(
		200,
	);
	await storedEvent(tenant, EVENT_ID);
	await storedLogs();
});

describe("the logs page", () => {
	it("lists logs newest first, escaped, with counts per level, facets and links to the trace", async () => {
		const html = await (await (await signedIn(tenant)).fetch("/organizations/ui-logs/projects/web/logs/")).text();
		const messages = [...html.matchAll(/<span class="log-message">([^<]*)</g)].map((match) => match[1]);
		expect(messages).toEqual([
			"retrying payment",
			"payment failed &lt;script&gt;alert(1)&lt;/script&gt;",
			"checkout started",
		]);
		expect(html).not.toContain(HOSTILE);
		expect(html).toContain(`href="/organizations/ui-logs/traces/${TRACE}/"`);
		expect(html).toContain(`href="/organizations/ui-logs/projects/web/logs/?query=trace%3A${TRACE}"`);
		expect(html).toMatch(/<option value="error">error \(1\)<\/option>/);
		expect(html).toMatch(/<h3 class="small">cart<\/h3>.*c-7<\/a> <span class="muted">2<\/span>/s);
		expect(html).toContain('data-live="/organizations/ui-logs/projects/web/logs/live/');
	});

	it("filters by level and search", async () => {
		const browser = await signedIn(tenant);
		const errors = await (await browser.fetch("/organizations/ui-logs/projects/web/logs/?level=error")).text();
		expect([...errors.matchAll(/class="log-message">([^<]*)</g)].map((match) => match[1])).toEqual([
			"payment failed &lt;script&gt;alert(1)&lt;/script&gt;",
		]);
		const searched = await (await browser.fetch("/organizations/ui-logs/projects/web/logs/?query=cart%3Ac-8")).text();
		expect([...searched.matchAll(/class="log-message">([^<]*)</g)].map((match) => match[1])).toEqual([
			"retrying payment",
		]);
	});

	it("tails: the live endpoint renders only lines newer than the page's newest", async () => {
		const browser = await signedIn(tenant);
		const html = await (await browser.fetch("/organizations/ui-logs/projects/web/logs/")).text();
		const since = /data-cursor="(\d+)"/.exec(html)?.[1] ?? "";
		expect(since).not.toBe("");
		expect((await sendLogs([log("fresh line", "info", 0)])).status).toBe(200);
		const answer = await waitFor(
			"the live tail showed no new line",
			async () =>
				(await (
					await browser.fetch(`/organizations/ui-logs/projects/web/logs/live/?query=&level=&since=${since}`)
				).json()) as { rows: { html: string }[]; cursor: string },
			(found) => found.rows.length > 0,
		);
		expect(answer.rows).toHaveLength(1);
		expect(answer.rows[0]?.html).toContain("fresh line");
		expect(Number(answer.cursor)).toBeGreaterThan(Number(since));
	});

	it("shows the logs of the event's trace on the issue page", async () => {
		const event = await storedEvent(tenant, EVENT_ID);
		const html = await (await (await signedIn(tenant)).fetch(`/organizations/ui-logs/issues/${event.groupID}/`)).text();
		expect(html).toContain("Logs of this trace");
		expect(html).toContain("retrying payment");
		expect(html).toContain(`href="/organizations/ui-logs/traces/${TRACE}/"`);
	});

	it("shows another organization's owner nothing of them", async () => {
		const response = await (await signedIn(other)).fetch("/organizations/ui-logs/projects/web/logs/");
		expect(response.status).toBe(404);
	});
});
