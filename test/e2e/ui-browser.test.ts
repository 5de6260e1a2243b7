/**
 * The web UI in a real browser (the Chromium of test/e2e/chromium.ts, driven by playwright-core)
 * against the running stack: log in, send an event with the real SDK, watch it appear in the stream
 * without a reload, open it, see its stack trace, resolve it. Each page is saved as a screenshot
 * under test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as Sentry from "@sentry/node";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler";
import { launchChromium } from "./chromium";

const stack = inject("stack");
const ARTIFACTS = `${ROOT}test-artifacts`;

let userDataDir = "";
let context: BrowserContext;
let page: Page;
/** What chromium refused under the pages' Content-Security-Policy: must stay empty. */
const policyViolations: string[] = [];

const screenshot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/ui-${name}.png`, fullPage: true });

beforeAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	userDataDir = mkdtempSync(`${tmpdir()}/faultline-chromium-`);
	context = await launchChromium(userDataDir);
	page = context.pages()[0] ?? (await context.newPage());
	page.on("console", (message) => {
		if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
	});
	Sentry.init({
		dsn: stack.dsn,
		release: "ui-e2e@1",
		environment: "e2e",
		defaultIntegrations: false,
		integrations: [Sentry.contextLinesIntegration()],
	});
});

afterAll(async () => {
	await Sentry.close();
	await context?.close();
	rmSync(userDataDir, { recursive: true, force: true });
});

describe("the web UI in chromium", () => {
	it("logs in, shows a new event live, opens its stack trace and resolves it", async () => {
		await page.goto(`${stack.url}/`);
		expect(new URL(page.url()).pathname).toBe("/auth/login/");
		await screenshot("login");
		await page.fill('input[name="email"]', stack.email);
		await page.fill('input[name="password"]', stack.password);
		await Promise.all([page.waitForURL(`**/organizations/${stack.org}/`), page.click('button[type="submit"]')]);
		await screenshot("projects");

		await page.click(`a[href="/organizations/${stack.org}/projects/${stack.project}/"]`);
		await page.waitForURL(`**/organizations/${stack.org}/projects/${stack.project}/`);
		await screenshot("stream-before");
		// Survives only if the page is never reloaded.
		await page.evaluate(() => {
			(globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
		});

		const message = `UI e2e ${Date.now()} <b>not bold</b><img src=x onerror="globalThis.pwned=1"> **not markdown**`;
		Sentry.setUser({ email: "reader@example.com" });
		Sentry.setTag("screen", "stream");
		Sentry.addBreadcrumb({ category: "ui.click", message: "clicked <Save>" });
		Sentry.captureException(new Error(message)); // the in-app frame's context line
		expect(await Sentry.flush(5000)).toBe(true);

		const row = page.locator("#stream tbody tr", { hasText: message });
		await row.waitFor({ timeout: 30_000 });
		expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
		// Shown as text: as HTML the title's text would lose its tags.
		expect(await row.locator("a.issue-title").textContent()).toBe(`Error: ${message}`);
		await screenshot("stream-live");
		const injected = () => page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned);
		expect(await page.locator("#stream b, #stream img").count()).toBe(0);
		expect(await injected()).toBeUndefined();

		await Promise.all([page.waitForURL("**/issues/*/"), row.locator("a.issue-title").click()]);
		expect(await page.locator("h1.issue-title").textContent()).toBe(`Error: ${message}`);
		const inApp = page.locator(".frame.in-app summary", { hasText: "ui-browser.test.ts" });
		expect(await inApp.count()).toBeGreaterThan(0);
		expect(await page.locator(".frame.in-app .context .current").first().textContent()).toContain(
			"the in-app frame's context line",
		);
		expect(await page.locator(".breadcrumbs").textContent()).toContain("clicked <Save>");
		expect(await page.locator(".tags").textContent()).toContain("screen: stream");
		expect(await page.locator("body").textContent()).toContain("reader@example.com");
		expect(await page.locator("main b, main img").count()).toBe(0);
		expect(await injected()).toBeUndefined();
		await screenshot("issue");

		await Promise.all([page.waitForLoadState("load"), page.click('button[data-action="resolved"]')]);
		await page.locator('button[data-action="unresolved"]').waitFor();
		expect(await page.locator("p.muted .status").textContent()).toBe("resolved");
		await screenshot("issue-resolved");

		await page.goto(`${stack.url}/organizations/${stack.org}/projects/${stack.project}/settings/`);
		expect(await page.locator("#dsn").textContent()).toBe(stack.dsn);
		await screenshot("settings");
		// The live update, the copy button and the switcher ran under the policy without a violation.
		expect(policyViolations).toEqual([]);
	});

	it("shows the Crons page's timeline coloured by status under the policy", async () => {
		const dsn = new URL(stack.dsn);
		const checkIn = (query: string, body?: object) =>
			fetch(`${stack.url}/api/${dsn.pathname.replace(/\//g, "")}/cron/browser-job/${dsn.username}/${query}`, {
				method: body ? "POST" : "GET",
				...(body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
			});
		expect(
			(await checkIn("", { status: "ok", monitor_config: { schedule: { type: "crontab", value: "0 * * * *" } } }))
				.status,
		).toBe(202);
		expect((await checkIn("?status=error")).status).toBe(202);
		const marks = page.locator('tr[data-monitor="browser-job"] .timeline span');
		for (let attempt = 0; (await marks.count()) < 2 && attempt < 50; attempt++) {
			await page.goto(`${stack.url}/organizations/${stack.org}/crons/`);
		}
		const colours = await marks.evaluateAll((spans) =>
			spans.map((span) => span.ownerDocument.defaultView?.getComputedStyle(span).backgroundColor),
		);
		expect(colours).toEqual(["rgb(45, 164, 78)", "rgb(209, 36, 47)"]);
		await screenshot("crons");
		expect(policyViolations).toEqual([]);
	});

	it("refuses to show a page inside another site's frame", async () => {
		const framer = await context.newPage();
		const refused = new Promise<string>((resolve) =>
			framer.on("console", (message) => {
				if (/frame-ancestors/.test(message.text())) resolve(message.text());
			}),
		);
		await framer.setContent(`<iframe src="${stack.url}/auth/login/"></iframe>`);
		expect(await refused).toContain("'none'");
		expect(await framer.frames()[1]?.locator('input[name="email"]').count()).toBe(0);
		await framer.close();
	});
});
