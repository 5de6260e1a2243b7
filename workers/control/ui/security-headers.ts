/**
 * Security headers of every HTML page Faultline serves (the UI and the login form):
 * - `Content-Security-Policy`: nothing loads or runs but the page's own constant stylesheet and
 *   script, allowed by their SHA-256 (so an injected `<script>` or inline handler would not run),
 *   fetches and form posts go only to this site, and no other site may frame a page
 *   (`frame-ancestors 'none'`, with `X-Frame-Options: DENY` for older browsers): no clickjacking.
 * - `X-Content-Type-Options: nosniff`: a browser never reads a response as another type than it says.
 * - `Referrer-Policy: same-origin`: page URLs (issue titles in queries, invite tokens in accept links)
 *   are never sent to other sites.
 */
import { createMiddleware } from "hono/factory";
import { bytesToBase64 } from "../../lib/base64";
import { STYLE } from "./layout";
import { PAGE_SCRIPT } from "./page-script";

const sha256Source = async (text: string) =>
	`'sha256-${bytesToBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))))}'`;

let policy: Promise<string> | undefined;
/** Computed once per isolate: the sources are constants. */
export const contentSecurityPolicy = () => {
	policy ??= Promise.all([sha256Source(PAGE_SCRIPT), sha256Source(STYLE)]).then(([script, style]) =>
		[
			"default-src 'none'",
			`script-src ${script}`,
			`style-src ${style}`,
			"img-src 'self' data:",
			"connect-src 'self'",
			"form-action 'self'",
			"base-uri 'none'",
			"frame-ancestors 'none'",
		].join("; "),
	);
	return policy;
};

export const securityHeaders = () =>
	createMiddleware(async (c, next) => {
		await next();
		c.res.headers.set("x-content-type-options", "nosniff");
		c.res.headers.set("referrer-policy", "same-origin");
		if (c.res.headers.get("content-type")?.startsWith("text/html")) {
			c.res.headers.set("content-security-policy", await contentSecurityPolicy());
			c.res.headers.set("x-frame-options", "DENY");
		}
	});
