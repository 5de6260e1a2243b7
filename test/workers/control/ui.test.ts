/**
 * The web UI in the monolith: pages need a session, read through the Web API with its tenancy, change
 * things only with the CSRF token, and show every event field as text.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../browser";
import { api, createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../tenant";

const HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> **bold** [a](javascript:alert(3))";
const ESCAPED =
	"&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; **bold** [a](javascript:alert(3))";
const EVENT_ID = "0123456789abcdef0123456789abcdef";

let tenant: Tenant;
let other: Tenant;
let issueId = "";

const payload = {
	event_id: EVENT_ID,
	platform: "javascript",
	level: "error",
	logentry: { formatted: `message ${HOSTILE}` },
	tags: { hostile: `tag ${HOSTILE}` },
	breadcrumbs: { values: [{ timestamp: 1700000000, category: "ui.click", message: `crumb ${HOSTILE}` }] },
	exception: {
		values: [
			{
				type: "TypeError",
				value: `title ${HOSTILE}`,
				stacktrace: {
					frames: [
						{ filename: "node_modules/lib.js", function: "library", lineno: 3, in_app: false },
						{
							filename: "src/app.js",
							function: `frame ${HOSTILE}`,
							lineno: 42,
							in_app: true,
							pre_context: ["function crash() {"],
							context_line: `  context ${HOSTILE}`,
							post_context: ["}"],
						},
					],
				},
			},
		],
	},
};

async function signedIn(who: Tenant) {
	const browser = new Browser(`198.51.100.${Math.floor(Math.random() * 200) + 1}`);
	const response = await browser.login(`${who.slug}@example.com`, "password123");
	expect(response.status).toBe(302);
	return browser;
}

beforeAll(async () => {
	tenant = await createTenant("ui-org");
	other = await createTenant("ui-other");
	const body = envelopeBody({ event_id: EVENT_ID }, [[{ type: "event" }, payload]]);
	expect((await sendEnvelope(tenant, body)).status).toBe(200);
	issueId = String((await storedEvent(tenant, EVENT_ID)).groupID);
});

describe("the web UI", () => {
	it("sends anonymous visitors to the login form, then back", async () => {
		const response = await new Browser().fetch("/organizations/ui-org/projects/web/");
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe(
			`/auth/login/?next=${encodeURIComponent("/organizations/ui-org/projects/web/")}`,
		);
	});

	it("lists the issue in the stream with its counts, and hostile text escaped", async () => {
		const browser = await signedIn(tenant);
		const page = await browser.fetch("/organizations/ui-org/projects/web/");
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(`href="/organizations/ui-org/issues/${issueId}/"`);
		expect(html).toContain(`TypeError: title ${ESCAPED}`);
		expect(html).not.toContain(HOSTILE);
		expect(html).not.toContain("<img src=x");
	});

	it("shows the issue's event with every untrusted field as text", async () => {
		const browser = await signedIn(tenant);
		const html = await (await browser.fetch(`/organizations/ui-org/issues/${issueId}/`)).text();
		for (const field of ["title", "message", "tag", "crumb", "frame", "context"]) {
			expect(html).toContain(`${field} ${ESCAPED}`);
		}
		expect(html).not.toContain(HOSTILE);
		expect(html).toContain('class="frame in-app"');
		expect(html).toContain(EVENT_ID);
	});

	it("says which frames no source map could map, and why", async () => {
		const owner = await createTenant("ui-unmapped");
		const eventId = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
		const bundle = "https://example.com/static/app.min.js";
		const minified = {
			event_id: eventId,
			platform: "javascript",
			exception: {
				values: [
					{
						type: "RangeError",
						value: "unmapped bundle",
						stacktrace: { frames: [{ abs_path: bundle, function: "n", lineno: 1, colno: 4242, in_app: true }] },
					},
				],
			},
			debug_meta: {
				images: [{ type: "sourcemap", code_file: bundle, debug_id: "c0ffee00-0000-4000-8000-000000000001" }],
			},
		};
		expect(
			(await sendEnvelope(owner, envelopeBody({ event_id: eventId }, [[{ type: "event" }, minified]]))).status,
		).toBe(200);
		const unmappedIssue = String((await storedEvent(owner, eventId)).groupID);
		const browser = await signedIn(owner);
		const html = await (await browser.fetch(`/organizations/ui-unmapped/issues/${unmappedIssue}/`)).text();
		expect(html).toContain("not source-mapped: missing_sourcemap");
		expect(html).toContain("Processing errors");
		expect(html).toContain("<code>js_no_source</code>");
		expect(html).toContain("no source map with debug ID c0ffee00-0000-4000-8000-000000000001 was uploaded");
		expect(html).toContain(`<code>${bundle}</code>`);
	});

	it("moves between the issue's events", async () => {
		const second = "fedcba9876543210fedcba9876543210";
		const body = envelopeBody({ event_id: second }, [[{ type: "event" }, { ...payload, event_id: second }]]);
		expect((await sendEnvelope(tenant, body)).status).toBe(200);
		expect((await storedEvent(tenant, second)).groupID).toBe(issueId);
		const browser = await signedIn(tenant);
		const base = `/organizations/ui-org/issues/${issueId}/`;
		const oldest = await (await browser.fetch(`${base}events/oldest/`)).text();
		expect(oldest).toContain(`Event <code>${EVENT_ID}</code>`);
		expect(oldest).toContain(`href="${base}events/${second}/"`);
		const latest = await (await browser.fetch(`${base}events/${second}/`)).text();
		expect(latest).toContain(`Event <code>${second}</code>`);
		expect(latest).toContain(`href="${base}events/${EVENT_ID}/"`);
		expect(latest).toContain("2023-11-14T22:13:20.000Z"); // the breadcrumb's time
	});

	it("serves new and changed rows on the live endpoint after its cursor only", async () => {
		const browser = await signedIn(tenant);
		const live = "/organizations/ui-org/projects/web/live/?query=is%3Aunresolved";
		const all = (await (await browser.fetch(`${live}&since=`)).json()) as {
			cursor: string;
			rows: { id: string; html: string }[];
		};
		expect(all.rows.map((row) => row.id)).toEqual([issueId]);
		expect(all.rows[0]?.html).toContain(ESCAPED);
		const after = (await (await browser.fetch(`${live}&since=${encodeURIComponent(all.cursor)}`)).json()) as {
			rows: unknown[];
		};
		expect(after.rows).toEqual([]);
	});

	it("refuses a status change without the CSRF token, and resolves with it", async () => {
		const browser = await signedIn(tenant);
		const action = `/organizations/ui-org/issues/${issueId}/status/`;
		const forged = await browser.fetch(action, { method: "POST", body: new URLSearchParams({ status: "resolved" }) });
		expect(forged.status).toBe(403);
		const response = await browser.fetch(action, {
			method: "POST",
			body: new URLSearchParams({ status: "resolved", csrf_token: browser.csrf(), next: "//evil.example/" }),
		});
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("/"); // never off-site, as after login
		const issue = await (await api(`/api/0/organizations/ui-org/issues/${issueId}/`, tenant.token)).json();
		expect(issue).toMatchObject({ status: "resolved" });
		await browser.fetch(action, {
			method: "POST",
			body: new URLSearchParams({ status: "unresolved", csrf_token: browser.csrf() }),
		});
	});

	it("keeps other organizations out, as the API does", async () => {
		const browser = await signedIn(other);
		const stream = await browser.fetch("/organizations/ui-org/projects/web/");
		expect(stream.status).toBe(404);
		const issue = await browser.fetch(`/organizations/ui-org/issues/${issueId}/`);
		expect(issue.status).toBe(404);
		expect(await issue.text()).not.toContain("TypeError");
	});

	it("shows the DSN, creates and disables keys in project settings", async () => {
		const browser = await signedIn(tenant);
		const settings = "/organizations/ui-org/projects/web/settings/";
		expect(await (await browser.fetch(settings)).text()).toContain(`${tenant.key.publicKey}@`);
		const created = await browser.fetch(`${settings}keys/`, {
			method: "POST",
			body: new URLSearchParams({ name: "Backend <b>", csrf_token: browser.csrf() }),
		});
		expect(created.status).toBe(303);
		const keys = (await (await api("/api/0/projects/ui-org/web/keys/", tenant.token)).json()) as {
			id: string;
			label: string;
			isActive: boolean;
		}[];
		const added = keys.find((key) => key.label === "Backend <b>");
		expect(added?.isActive).toBe(true);
		expect(await (await browser.fetch(settings)).text()).toContain("Backend &lt;b&gt;");
		await browser.fetch(`${settings}keys/${added?.id}/disable/`, {
			method: "POST",
			body: new URLSearchParams({ csrf_token: browser.csrf() }),
		});
		const after = (await (await api("/api/0/projects/ui-org/web/keys/", tenant.token)).json()) as {
			id: string;
			isActive: boolean;
		}[];
		expect(after.find((key) => key.id === added?.id)?.isActive).toBe(false);
	});
});
