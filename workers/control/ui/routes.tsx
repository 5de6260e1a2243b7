/**
 * The web UI under `/` of the control host. Pages need a login session (else the login form, with
 * `next`); every read and change goes through the Web API as that session (./api.ts), and every form
 * post carries the CSRF token.
 */
import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Child } from "hono/jsx";
import { controlDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { siloRoutes } from "../../lib/hono";
import { settingsOf } from "../../lib/settings";
import type { ControlAppEnv } from "../auth";
import { CSRF_FIELD, csrfMatches, csrfToken, sessionCookie } from "../cookies";
import { safeNext } from "../routes/login";
import { sessionUser } from "../sessions";
import { callApi, cursorOf, type Dispatch } from "./api";
import { type Frame, Layout } from "./layout";
import {
	ErrorPage,
	type Event,
	type Issue,
	IssuePage,
	IssueRow,
	type Member,
	type Organization,
	OrganizationsPage,
	type Project,
	type ProjectKey,
	ProjectsPage,
	type Rule,
	SettingsPage,
	StreamPage,
	streamPath,
} from "./pages";

type UiEnv = ControlAppEnv & { Variables: { user: { email: string } } };
type UiContext = Context<UiEnv>;

const STATUSES = new Set(["resolved", "unresolved", "ignored"]);
const LIVE_LIMIT = 25;

const signedIn = createMiddleware<UiEnv>(async (c, next) => {
	const cookie = sessionCookie(c);
	const user = cookie ? await sessionUser(controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB), cookie) : undefined;
	if (!user) {
		const url = new URL(c.req.url);
		return c.redirect(`/auth/login/?${new URLSearchParams({ next: url.pathname + url.search })}`, 302);
	}
	c.set("user", user);
	await next();
});

/** Reads a posted form after checking its CSRF token. */
async function postedForm(c: UiContext): Promise<Record<string, string>> {
	const form = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
	if (!csrfMatches(c, form[CSRF_FIELD])) throw new ApiError(403, "CSRF Failed: CSRF token missing or incorrect.");
	return form;
}

export function uiRoutes(dispatch: Dispatch) {
	const api = <T,>(c: UiContext, path: string, init?: { method?: string; body?: unknown }) =>
		callApi<T, UiEnv>(c, dispatch, path, init);

	async function render(c: UiContext, title: string, body: Child, organization?: string) {
		const organizations = (await api<Organization[]>(c, "/api/0/organizations/")).data;
		const frame: Frame = { user: c.get("user"), csrf: csrfToken(c), organizations, organization };
		return c.html(
			<Layout title={title} frame={frame}>
				{body}
			</Layout>,
		);
	}

	const org = (c: UiContext) => encodeURIComponent(c.req.param("organization") ?? "");
	const proj = (c: UiContext) => encodeURIComponent(c.req.param("project") ?? "");

	return (
		new Hono<UiEnv>()
			.use("/organizations/*", siloRoutes("control"))
			.use("/", signedIn)
			.use("/organizations/*", signedIn)
			.get("/", (c) => c.redirect("/organizations/", 302))
			.get("/organizations/", async (c) => {
				const organizations = (await api<Organization[]>(c, "/api/0/organizations/")).data;
				if (organizations.length === 1 && organizations[0]) {
					return c.redirect(`/organizations/${organizations[0].slug}/`, 302);
				}
				return render(c, "Organizations", <OrganizationsPage organizations={organizations} />);
			})
			.get("/organizations/:organization/", async (c) => {
				const [organization, projects] = await Promise.all([
					api<Organization>(c, `/api/0/organizations/${org(c)}/`),
					api<Project[]>(c, `/api/0/organizations/${org(c)}/projects/`),
				]);
				return render(
					c,
					organization.data.name,
					<ProjectsPage organization={organization.data} projects={projects.data} />,
					organization.data.slug,
				);
			})
			.get("/organizations/:organization/projects/:project/", async (c) => {
				const query = c.req.query("query") ?? "is:unresolved";
				const cursor = c.req.query("cursor");
				const search = new URLSearchParams({ query, ...(cursor ? { cursor } : {}) });
				const [project, issues] = await Promise.all([
					api<Project>(c, `/api/0/projects/${org(c)}/${proj(c)}/`),
					api<Issue[]>(c, `/api/0/projects/${org(c)}/${proj(c)}/issues/?${search}`),
				]);
				const url = new URL(c.req.url);
				const previous = cursorOf(issues.link, "previous");
				return render(
					c,
					`${project.data.name} issues`,
					<StreamPage
						organization={c.req.param("organization")}
						project={project.data}
						issues={issues.data}
						query={query}
						csrf={csrfToken(c)}
						next={url.pathname + url.search}
						cursors={{ next: cursorOf(issues.link, "next"), previous }}
						live={!previous}
						liveCursor={issues.data[0]?.lastSeen ?? new Date(0).toISOString()}
					/>,
					c.req.param("organization"),
				);
			})
			/** Live update of the stream's first page: the issues seen after `since`, as rendered rows. */
			.get("/organizations/:organization/projects/:project/live/", async (c) => {
				const since = c.req.query("since") ?? "";
				const query = c.req.query("query") ?? "is:unresolved";
				const search = new URLSearchParams({ query, limit: String(LIVE_LIMIT) });
				const issues = (await api<Issue[]>(c, `/api/0/projects/${org(c)}/${proj(c)}/issues/?${search}`)).data;
				const fresh = issues.filter((issue) => issue.lastSeen > since);
				const next = streamPath(c.req.param("organization"), c.req.param("project"));
				const rows = await Promise.all(
					fresh.map(async (issue) => ({
						id: issue.id,
						html: String(
							await (
								<IssueRow organization={c.req.param("organization")} issue={issue} csrf={csrfToken(c)} next={next} />
							),
						),
					})),
				);
				return c.json({ cursor: fresh[0]?.lastSeen ?? since, rows });
			})
			.get("/organizations/:organization/projects/:project/settings/", async (c) => {
				const base = `/api/0/projects/${org(c)}/${proj(c)}/`;
				const [project, keys, rules, members] = await Promise.all([
					api<Project>(c, base),
					api<ProjectKey[]>(c, `${base}keys/`),
					api<Rule[]>(c, `${base}rules/`),
					api<Member[]>(c, `/api/0/organizations/${org(c)}/members/`),
				]);
				return render(
					c,
					`${project.data.name} settings`,
					<SettingsPage
						organization={c.req.param("organization")}
						project={project.data}
						keys={keys.data}
						rules={rules.data}
						members={members.data}
						csrf={csrfToken(c)}
					/>,
					c.req.param("organization"),
				);
			})
			.post("/organizations/:organization/projects/:project/settings/keys/", async (c) => {
				const form = await postedForm(c);
				await api(c, `/api/0/projects/${org(c)}/${proj(c)}/keys/`, { method: "POST", body: { name: form.name } });
				return c.redirect(`${streamPath(c.req.param("organization"), c.req.param("project"))}settings/`, 303);
			})
			.post("/organizations/:organization/projects/:project/settings/keys/:key/disable/", async (c) => {
				await postedForm(c);
				const key = encodeURIComponent(c.req.param("key"));
				await api(c, `/api/0/projects/${org(c)}/${proj(c)}/keys/${key}/`, { method: "PUT", body: { isActive: false } });
				return c.redirect(`${streamPath(c.req.param("organization"), c.req.param("project"))}settings/`, 303);
			})
			.get("/organizations/:organization/issues/:issue/", (c) => issuePage(c, "latest"))
			.get("/organizations/:organization/issues/:issue/events/:event/", (c) => issuePage(c, c.req.param("event")))
			.post("/organizations/:organization/issues/:issue/status/", async (c) => {
				const form = await postedForm(c);
				const status = form.status ?? "";
				if (!STATUSES.has(status)) throw new ApiError(400, "status must be resolved, unresolved or ignored");
				await api(c, `/api/0/organizations/${org(c)}/issues/${encodeURIComponent(c.req.param("issue"))}/`, {
					method: "PUT",
					body: { status },
				});
				return c.redirect(safeNext(form.next ?? `/organizations/${org(c)}/issues/${c.req.param("issue")}/`), 303);
			})
			.onError((error, c) => {
				const status = error instanceof ApiError ? error.status : 500;
				if (!(error instanceof ApiError)) console.error("unhandled UI error", error);
				const detail = error instanceof ApiError ? error.detail : "Internal Error";
				return c.html(
					<Layout title="Error">
						<ErrorPage status={status} detail={detail} />
					</Layout>,
					status,
				);
			})
	);

	async function issuePage(c: UiContext, which: string) {
		const issuePath = `/api/0/organizations/${org(c)}/issues/${encodeURIComponent(c.req.param("issue") ?? "")}/`;
		const [issue, events, event] = await Promise.all([
			api<Issue>(c, issuePath),
			api<{ eventID: string; dateCreated: string }[]>(c, `${issuePath}events/`),
			api<Event>(c, `${issuePath}events/${encodeURIComponent(which)}/`).catch((error: unknown) => {
				if (error instanceof ApiError && error.status === 404 && (which === "latest" || which === "oldest")) {
					return { data: null };
				}
				throw error;
			}),
		]);
		const organization = c.req.param("organization") ?? "";
		return render(
			c,
			issue.data.title,
			<IssuePage
				organization={organization}
				issue={issue.data}
				event={event.data}
				events={events.data}
				csrf={csrfToken(c)}
			/>,
			organization,
		);
	}
}
