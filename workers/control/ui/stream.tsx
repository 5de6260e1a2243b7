/** A project's issue stream: search, paging, live update of the first page, and status changes. */
import { Hono } from "hono";
import { ApiError } from "../../lib/errors";
import { csrfToken } from "../cookies";
import { safeNext } from "../safe-next";
import { cursorOf } from "./api";
import { api, Csrf, issuePath, orgParam, postedForm, projectParam, render, streamPath, type UiEnv, When } from "./kit";
import type { Issue, Project } from "./types";

const STATUSES = new Set(["resolved", "unresolved", "ignored"]);
const LIVE_LIMIT = 25;

export function StatusButtons(props: { organization: string; issue: Issue; csrf: string; next: string }) {
	const choices = props.issue.status === "unresolved" ? (["resolved", "ignored"] as const) : (["unresolved"] as const);
	const label = { resolved: "Resolve", ignored: "Ignore", unresolved: "Unresolve" };
	return (
		<>
			{choices.map((status) => (
				<form class="inline" method="post" action={`${issuePath(props.organization, props.issue.id)}status/`}>
					<Csrf csrf={props.csrf} />
					<input type="hidden" name="status" value={status} />
					<input type="hidden" name="next" value={props.next} />
					<button type="submit" data-action={status}>
						{label[status]}
					</button>
				</form>
			))}
		</>
	);
}

export function IssueRow(props: { organization: string; issue: Issue; csrf: string; next: string }) {
	const { issue } = props;
	return (
		<tr data-issue={issue.id} data-last-seen={issue.lastSeen}>
			<td>
				<a class="issue-title" href={issuePath(props.organization, issue.id)}>
					{issue.title}
				</a>
				<div class="muted small">
					{issue.shortId} · {issue.culprit ?? ""}
				</div>
			</td>
			<td>
				<span class={`level level-${issue.level}`}>{issue.level}</span>
			</td>
			<td>
				<span class="status">{issue.status}</span>
			</td>
			<td class="num">{issue.count}</td>
			<td class="num">{issue.userCount}</td>
			<td class="small">
				<When iso={issue.firstSeen} />
			</td>
			<td class="small">
				<When iso={issue.lastSeen} />
			</td>
			<td>
				<StatusButtons {...props} />
			</td>
		</tr>
	);
}

export function StreamPage(props: {
	organization: string;
	project: Project;
	issues: Issue[];
	query: string;
	csrf: string;
	next: string;
	cursors: { next?: string; previous?: string };
	live: boolean;
	liveCursor: string;
}) {
	const base = streamPath(props.organization, props.project.slug);
	const page = (cursor: string) => `${base}?${new URLSearchParams({ query: props.query, cursor })}`;
	return (
		<>
			<h1>
				{props.project.name} <span class="muted small">issues</span>{" "}
				<a class="small" href={`${base}settings/`}>
					Settings
				</a>
			</h1>
			<form class="toolbar" method="get" action={base}>
				<input type="search" name="query" value={props.query} aria-label="Search issues" />
				<button type="submit">Search</button>
				<span class="muted small">e.g. is:unresolved level:error release:1.0 some text</span>
			</form>
			<table
				id="stream"
				data-cursor={props.liveCursor}
				data-live={props.live ? `${base}live/?${new URLSearchParams({ query: props.query })}` : undefined}
			>
				<thead>
					<tr>
						<th>Issue</th>
						<th>Level</th>
						<th>Status</th>
						<th>Events</th>
						<th>Users</th>
						<th>First seen</th>
						<th>Last seen</th>
						<th />
					</tr>
				</thead>
				<tbody>
					{props.issues.map((issue) => (
						<IssueRow organization={props.organization} issue={issue} csrf={props.csrf} next={props.next} />
					))}
				</tbody>
			</table>
			{props.issues.length === 0 && (
				<p id="empty" class="muted">
					No issues match. New ones appear here as they arrive.
				</p>
			)}
			<nav class="pager">
				{props.cursors.previous && (
					<a class="button" href={page(props.cursors.previous)}>
						← Previous
					</a>
				)}
				{props.cursors.next && (
					<a class="button" href={page(props.cursors.next)}>
						Next →
					</a>
				)}
			</nav>
		</>
	);
}

export const streamPages = new Hono<UiEnv>()
	.get("/organizations/:organization/projects/:project/", async (c) => {
		const query = c.req.query("query") ?? "is:unresolved";
		const cursor = c.req.query("cursor");
		const search = new URLSearchParams({ query, ...(cursor ? { cursor } : {}) });
		const [project, issues] = await Promise.all([
			api<Project>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/`),
			api<Issue[]>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/issues/?${search}`),
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
		const issues = (await api<Issue[]>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/issues/?${search}`)).data;
		const fresh = issues.filter((issue) => issue.lastSeen > since);
		const next = streamPath(c.req.param("organization"), c.req.param("project"));
		const rows = await Promise.all(
			fresh.map(async (issue) => ({
				id: issue.id,
				html: String(
					await (<IssueRow organization={c.req.param("organization")} issue={issue} csrf={csrfToken(c)} next={next} />),
				),
			})),
		);
		return c.json({ cursor: fresh[0]?.lastSeen ?? since, rows });
	})
	.post("/organizations/:organization/issues/:issue/status/", async (c) => {
		const form = await postedForm(c);
		const status = form.status ?? "";
		if (!STATUSES.has(status)) throw new ApiError(400, "status must be resolved, unresolved or ignored");
		await api(c, `/api/0/organizations/${orgParam(c)}/issues/${encodeURIComponent(c.req.param("issue"))}/`, {
			method: "PUT",
			body: { status },
		});
		return c.redirect(safeNext(form.next ?? `/organizations/${orgParam(c)}/issues/${c.req.param("issue")}/`), 303);
	});
