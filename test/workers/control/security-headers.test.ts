/**
 * Every HTML page carries a Content-Security-Policy that lets only its own inline stylesheet and
 * script run (by hash) and forbids framing, plus nosniff and Referrer-Policy; the pages' markup
 * needs nothing more (no inline event handlers, no other inline script or style).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bytesToBase64 } from "../../../workers/lib/base64";
import { Browser } from "../browser";
import { createTenant, envelopeBody, sendEnvelope, storedEvent } from "../tenant";

const EVENT_ID = "feedfacefeedfacefeedfacefeedface";
let issueId = "";
let browser: Browser;

const sha256 = async (text: string) =>
	`'sha256-${bytesToBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))))}'`;

/** The policy's value for one directive, e.g. `script-src`. */
const directive = (policy: string, name: string) =>
	policy
		.split(";")
		.map((part) => part.trim())
		.find((part) => part.startsWith(`${name} `))
		?.slice(name.length + 1);

beforeAll(async () => {
	const tenant = await createTenant("headers-org");
	const body = envelopeBody({ event_id: EVENT_ID }, [
		[{ type: "event" }, { message: "<script>alert(1)</script>", level: "error" }],
	]);
	expect((await sendEnvelope(tenant, body)).status).toBe(200);
	issueId = String((await storedEvent(tenant, EVENT_ID)).groupID);
	browser = new Browser("198.51.100.77");
	expect((await browser.login("headers-org@example.com", "password123")).status).toBe(302);
});

describe("security headers of HTML pages", () => {
	const pages = () =>
		[
			["the login form", "/auth/login/", 200],
			["the organizations page", "/organizations/headers-org/", 200],
			["the issue stream", "/organizations/headers-org/projects/web/", 200],
			["an issue", `/organizations/headers-org/issues/${issueId}/`, 200],
			["a project's settings", "/organizations/headers-org/projects/web/settings/", 200],
			["the members page", "/organizations/headers-org/members/", 200],
			["a project's logs", "/organizations/headers-org/projects/web/logs/", 200],
			["an error page", "/organizations/someone-else/issues/1/", 404],
		] as const;

	it("forbid framing, sniffing and cross-site referrers, and allow only the page's own script and style", async () => {
		for (const [name, path, status] of pages()) {
			const response = await browser.fetch(path);
			expect(response.status, name).toBe(status);
			const policy = response.headers.get("content-security-policy") ?? "";
			expect(directive(policy, "frame-ancestors"), name).toBe("'none'");
			expect(directive(policy, "default-src"), name).toBe("'none'");
			expect(directive(policy, "base-uri"), name).toBe("'none'");
			expect(directive(policy, "form-action"), name).toBe("'self'");
			expect(response.headers.get("x-frame-options"), name).toBe("DENY");
			expect(response.headers.get("x-content-type-options"), name).toBe("nosniff");
			expect(response.headers.get("referrer-policy"), name).toBe("same-origin");

			const html = await response.text();
			const inline = (tag: string) =>
				[...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((match) => match[1] ?? "");
			for (const script of inline("script")) expect(directive(policy, "script-src"), name).toBe(await sha256(script));
			for (const style of inline("style")) expect(directive(policy, "style-src"), name).toBe(await sha256(style));
			expect(html, name).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
			expect(html, name).not.toMatch(/\sstyle\s*=/i);
		}
	});
});
