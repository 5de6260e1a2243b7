/**
 * Cookies of the control silo: the session (HttpOnly) and the CSRF token (readable by the page, so
 * it can echo it in `X-CSRFToken`, Django's double-submit pattern). Both SameSite=Lax, and Secure
 * whenever Faultline is served over HTTPS.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { randomHex, timingSafeEqual } from "../lib/crypto";
import { type SettingsVars, settingsOf } from "../lib/settings";
import { SESSION_COOKIE, SESSION_LIFETIME_MS } from "./sessions";

export const CSRF_COOKIE = "faultline_csrf";
export const CSRF_HEADER = "x-csrftoken";
export const CSRF_FIELD = "csrf_token";

type AppEnv = { Bindings: SettingsVars };

const baseOptions = <E extends AppEnv>(c: Context<E>) =>
	({ path: "/", sameSite: "Lax", secure: settingsOf(c.env).publicUrl.protocol === "https:" }) as const;

export function setSessionCookie<E extends AppEnv>(c: Context<E>, token: string): void {
	setCookie(c, SESSION_COOKIE, token, { ...baseOptions(c), httpOnly: true, maxAge: SESSION_LIFETIME_MS / 1000 });
}

export function clearSessionCookie<E extends AppEnv>(c: Context<E>): void {
	deleteCookie(c, SESSION_COOKIE, baseOptions(c));
}

export const sessionCookie = <E extends AppEnv>(c: Context<E>) => getCookie(c, SESSION_COOKIE);

/** The request's CSRF token, set as a cookie first if the browser has none yet. */
export function csrfToken<E extends AppEnv>(c: Context<E>): string {
	const existing = getCookie(c, CSRF_COOKIE);
	if (existing && /^[0-9a-f]{32}$/.test(existing)) return existing;
	return rotateCsrfToken(c);
}

/**
 * A new CSRF token, as Django gives one at login: a token known before the login (planted in the
 * browser, or read by whoever used it before) does not carry over into the new session.
 */
export function rotateCsrfToken<E extends AppEnv>(c: Context<E>): string {
	const token = randomHex(16);
	setCookie(c, CSRF_COOKIE, token, { ...baseOptions(c), httpOnly: false, maxAge: 365 * 24 * 60 * 60 });
	return token;
}

/** Does the submitted token (form field or header) match the cookie? */
export function csrfMatches<E extends AppEnv>(c: Context<E>, submitted: string | undefined): boolean {
	const expected = getCookie(c, CSRF_COOKIE);
	return Boolean(expected && submitted && timingSafeEqual(expected, submitted));
}
