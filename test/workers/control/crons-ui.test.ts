/** The Crons pages in the monolith: the organization's monitors with status, next check-in and timeline, a monitor's page, tenancy, escaping. */
import { beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../browser";
import { hourly, sendCheckIns } from "../region/crons/helpers";
import { createTenant, type Tenant } from "../tenant";

const HOUR = 3_600_000;
const base = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
let tenant: Tenant;
let other: Tenant;

async function signedIn(who: Tenant) {
	const browser = new Browser(`198.51.100.${Math.floor(Math.random() * 200) + 1}`);
	expect((await browser.login(`${who.slug}@example.com`, "password123")).status).toBe(302);
	return browser;
}

beforeAll(async () => {
	tenant = await createTenant("crons-ui");
	other = await createTenant("crons-ui-other");
	const config = hourly({ failure_issue_threshold: 1 });
	await sendCheckIns(tenant, base, { monitor_slug: "backup", status: "ok", monitor_config: config });
	await sendCheckIns(tenant, base + HOUR, { monitor_slug: "backup", status: "error" });
	await sendCheckIns(tenant, base + 2 * HOUR, {
		monitor_slug: "<b>sneaky</b>",
		status: "ok",
		monitor_config: hourly(),
	});
	await sendCheckIns(tenant, base, { monitor_slug: "nonexistent", status: "ok" });
});

describe("the Crons pages", () => {
	it("are linked from the organization page", async () => {
		const page = await (await (await signedIn(tenant)).fetch(`/organizations/${tenant.slug}/`)).text();
		expect(page).toContain(`href="/organizations/${tenant.slug}/crons/"`);
	});

	it("list each monitor with its schedule, environment status, next check-in and a coloured timeline", async () => {
		const response = await (await signedIn(tenant)).fetch(`/organizations/${tenant.slug}/crons/`);
		expect(response.status).toBe(200);
		const page = await response.text();
		const row = page.slice(
			page.indexOf('data-monitor="backup"'),
			page.indexOf("</tr>", page.indexOf('data-monitor="backup"')),
		);
		expect(row).toContain("0 * * * * (UTC)");
		expect(row).toContain("production");
		expect(row).toMatch(/>error</);
		expect(row).toContain(new Date(base + 2 * HOUR).toISOString());
		expect(row.match(/data-status="(\w+)"/g)).toEqual(['data-status="ok"', 'data-status="error"']);
		expect(row).toMatch(/href="\/organizations\/crons-ui\/issues\/\d+\/">open incident/);
		expect(page).toContain("Dropped check-ins");
		expect(page).toContain("nonexistent");
		// The slug is slugified at ingest; nothing from a check-in becomes markup.
		expect(page).toContain("bsneakyb");
		expect(page).not.toContain("<b>sneaky");
	});

	it("show a monitor's check-ins and its open incident", async () => {
		const response = await (await signedIn(tenant)).fetch(`/organizations/${tenant.slug}/crons/backup/`);
		expect(response.status).toBe(200);
		const page = await response.text();
		expect(page).toContain("Environments");
		expect(page.match(/<tr data-status="(\w+)"/g)).toEqual(['<tr data-status="error"', '<tr data-status="ok"']);
		expect(page).toMatch(
			/since <time[^>]*>[^<]*<\/time> <a href="\/organizations\/crons-ui\/issues\/\d+\/">issue<\/a>/,
		);
	});

	it("are not another organization's to see", async () => {
		const browser = await signedIn(other);
		expect((await browser.fetch(`/organizations/${tenant.slug}/crons/`)).status).toBe(404);
		expect((await browser.fetch(`/organizations/${tenant.slug}/crons/backup/`)).status).toBe(404);
		expect((await browser.fetch(`/organizations/${other.slug}/crons/backup/`)).status).toBe(404);
	});
});
