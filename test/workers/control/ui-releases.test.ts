/**
 * The Releases page of a project and the issue page's first release, in the monolith: health read
 * through the Web API, charts drawn as SVG, a hostile release name shown as text, tenancy kept.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../browser";
import { consume, hoursAgo, iso, messageOf, sessionItem, sid, update } from "../region/sessions/sessions";
import { createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "../tenant";

const HOSTILE_RELEASE = "app@<img src=x onerror=alert(1)>";
let tenant: Tenant;
let issueId = "";

async function signedIn(who: Tenant) {
	const browser = new Browser(`198.51.100.${Math.floor(Math.random() * 200) + 1}`);
	expect((await browser.login(`${who.slug}@example.com`, "password123")).status).toBe(302);
	return browser;
}

beforeAll(async () => {
	tenant = await createTenant("ui-releases");
	const started = iso(hoursAgo(2));
	const session = (release: string, status: string) =>
		sessionItem(update({ sid: sid(), did: sid(), init: true, started, status, attrs: { release } }));
	await consume([
		messageOf(tenant, [session("app@1", "exited"), session("app@1", "exited"), session("app@1", "exited")]),
		messageOf(tenant, [session("app@1", "crashed")]),
		messageOf(tenant, [session(HOSTILE_RELEASE, "exited")]),
	]);
	const eventId = "feedface".repeat(4);
	const body = envelopeBody({ event_id: eventId }, [
		[{ type: "event" }, { message: "broke in app@1", release: "app@1" }],
	]);
	expect((await sendEnvelope(tenant, body)).status).toBe(200);
	issueId = String((await storedEvent(tenant, eventId)).groupID);
});

describe("the Releases page", () => {
	it("lists each release with crash-free sessions and users, adoption and a sessions chart", async () => {
		const browser = await signedIn(tenant);
		const page = await browser.fetch("/organizations/ui-releases/projects/web/releases/");
		expect(page.status).toBe(200);
		const html = await page.text();
		const row = html.slice(
			html.indexOf('data-release="app@1"'),
			html.indexOf("</tr>", html.indexOf('data-release="app@1"')),
		);
		expect(row).toContain('<td class="num crash-free-sessions">75.00%</td>');
		expect(row).toContain('<td class="num crash-free-users">75.00%</td>');
		expect(row).toContain('<td class="num adoption">80.00%</td>');
		expect(row).toContain('<td class="num sessions">4</td>');
		expect(row).toContain('class="sparkline"');
		expect(html).toContain('aria-label="Sessions per day by status"');
		expect(html).toContain("<polygon");
		expect(html).toContain("app@&lt;img src=x onerror=alert(1)&gt;");
		expect(html).not.toContain(HOSTILE_RELEASE);
	});

	it("is linked from the stream, and is a 404 for another organization", async () => {
		const browser = await signedIn(tenant);
		const stream = await (await browser.fetch("/organizations/ui-releases/projects/web/")).text();
		expect(stream).toContain('href="/organizations/ui-releases/projects/web/releases/"');
		const other = await createTenant("ui-releases-other");
		const intruder = await signedIn(other);
		expect((await intruder.fetch("/organizations/ui-releases/projects/web/releases/")).status).toBe(404);
	});
});

describe("the issue page", () => {
	it("says in which release the issue first appeared", async () => {
		const browser = await signedIn(tenant);
		const html = await (await browser.fetch(`/organizations/ui-releases/issues/${issueId}/`)).text();
		expect(html).toContain("First seen in release");
		expect(html).toContain('href="/organizations/ui-releases/projects/web/releases/?query=app%401"');
	});
});
