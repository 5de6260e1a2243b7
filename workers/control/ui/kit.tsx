/**
 * What every UI page module shares: the page context (the signed-in user, the Web API dispatch), reading
 * through the Web API, rendering inside the layout, CSRF-checked forms, and small components. Every value
 * from an event is untrusted: it is only ever rendered as JSX text or attribute (escaped by hono/jsx).
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { ApiError } from "../../lib/errors";
import type { ControlAppEnv } from "../auth";
import { CSRF_FIELD, csrfMatches, csrfToken } from "../cookies";
import { callApi, type Dispatch } from "./api";
import { type Frame, Layout } from "./layout";
import type { Organization } from "./types";

export type UiEnv = ControlAppEnv & { Variables: { user: { email: string }; dispatch: Dispatch } };
export type UiContext = Context<UiEnv>;

/** The signed-in user, on a page that does not require one (the invitation page). */
export const userIfSignedIn = (c: UiContext): { email: string } | undefined => c.get("user");

/** The login form, coming back to this page afterwards. */
export function loginPath(c: UiContext) {
	const url = new URL(c.req.url);
	return `/auth/login/?${new URLSearchParams({ next: url.pathname + url.search })}`;
}

/** Calls the Web API as the signed-in session. */
export const api = <T,>(c: UiContext, path: string, init?: { method?: string; body?: unknown }) =>
	callApi<T, UiEnv>(c, c.get("dispatch"), path, init);

/** A page inside the layout, with the organization switcher and the user's CSRF token. */
export async function render(c: UiContext, title: string, body: Child, organization?: string) {
	const organizations = (await api<Organization[]>(c, "/api/0/organizations/")).data;
	const frame: Frame = { user: c.get("user"), csrf: csrfToken(c), organizations, organization };
	return c.html(
		<Layout title={title} frame={frame}>
			{body}
		</Layout>,
	);
}

/** Reads a posted form after checking its CSRF token. */
export async function postedForm(c: UiContext): Promise<Record<string, string>> {
	const form = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
	if (!csrfMatches(c, form[CSRF_FIELD])) throw new ApiError(403, "CSRF Failed: CSRF token missing or incorrect.");
	return form;
}

/** The route's organization and project slugs, encoded for a Web API path. */
export const orgParam = (c: UiContext) => encodeURIComponent(c.req.param("organization") ?? "");
export const projectParam = (c: UiContext) => encodeURIComponent(c.req.param("project") ?? "");

type Json = unknown;

export const issuePath = (organization: string, issueId: string) => `/organizations/${organization}/issues/${issueId}/`;
export const streamPath = (organization: string, project: string) =>
	`/organizations/${organization}/projects/${project}/`;

export const text = (value: Json): string =>
	value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
export const records = (value: Json): Record<string, Json>[] =>
	Array.isArray(value) ? value.filter((item): item is Record<string, Json> => typeof item === "object" && !!item) : [];
export const record = (value: Json): Record<string, Json> =>
	typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};

export function When(props: { iso: string }) {
	return (
		<time datetime={props.iso} title={props.iso}>
			{props.iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}
		</time>
	);
}

export function Csrf(props: { csrf: string }) {
	return <input type="hidden" name={CSRF_FIELD} value={props.csrf} />;
}

export function ErrorPage(props: { status: number; detail: string }) {
	return (
		<>
			<h1>{props.status === 404 ? "Not found" : "Something went wrong"}</h1>
			<p class="error" role="alert">
				{props.detail}
			</p>
			<p>
				<a href="/organizations/">Back to your organizations</a>
			</p>
		</>
	);
}

export function KeyValues(props: { values: Record<string, Json> }) {
	const entries = Object.entries(props.values);
	if (!entries.length) return <p class="muted">None</p>;
	return (
		<dl class="kv">
			{entries.map(([key, value]) => (
				<>
					<dt>{key}</dt>
					<dd>
						<code>{text(value)}</code>
					</dd>
				</>
			))}
		</dl>
	);
}

export function Section(props: { title: string; children?: Child }) {
	return (
		<section>
			<h2>{props.title}</h2>
			{props.children}
		</section>
	);
}
