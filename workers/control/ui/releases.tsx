/**
 * A project's releases with their health (crash-free sessions and users, adoption, sessions, new
 * issues, sessions per day), a chart of the project's sessions by status over the period, and the
 * line of the issue page naming the release an issue first appeared in. Everything is read through
 * the Web API: the release list with `health=1` and the sessions API.
 */
import { Hono } from "hono";
import { cursorOf } from "./api";
import { type AreaSeries, Sparkline, StackedArea } from "./charts";
import { api, orgParam, projectParam, render, streamPath, type UiEnv } from "./kit";
import type { Issue, Project, ReleaseWithHealth, SessionsAnswer } from "./types";

const PERIOD = "14d";
const PER_PAGE = 25;
const STATUS_COLORS: [string, string][] = [
	["healthy", "#2da44e"],
	["errored", "#bf8700"],
	["abnormal", "#8250df"],
	["crashed", "#d1242f"],
];

export const releasesPath = (organization: string, project: string) => `${streamPath(organization, project)}releases/`;

const percent = (value: number | null | undefined) =>
	value === null || value === undefined ? "—" : `${value.toFixed(2)}%`;
const day = (iso: string) => iso.slice(0, 10);

/** The issue page's line: the release the issue was first seen in, linking to the project's releases. */
export function FirstRelease(props: { organization: string; issue: Issue }) {
	const version = props.issue.firstRelease?.version;
	return (
		<p class="small first-release">
			{version ? (
				<>
					First seen in release{" "}
					<a
						href={`${releasesPath(props.organization, props.issue.project.slug)}?${new URLSearchParams({ query: version })}`}
					>
						<code>{version}</code>
					</a>
				</>
			) : (
				<span class="muted">First seen without a release</span>
			)}
		</p>
	);
}

function ReleaseRow(props: { release: ReleaseWithHealth; project: string }) {
	const projectHealth = props.release.projects.find((project) => project.slug === props.project);
	const health = projectHealth?.healthData ?? null;
	const stats = health?.stats?.[PERIOD] ?? [];
	return (
		<tr data-release={props.release.version}>
			<td>
				<code>{props.release.version}</code>
				<div class="muted small">{day(props.release.dateCreated)}</div>
			</td>
			<td class="num crash-free-sessions">{percent(health?.crashFreeSessions)}</td>
			<td class="num crash-free-users">{percent(health?.crashFreeUsers)}</td>
			<td class="num adoption">{percent(health?.sessionsAdoption)}</td>
			<td class="num sessions">{health?.totalSessions ?? 0}</td>
			<td class="num">{projectHealth?.newGroups ?? props.release.newGroups}</td>
			<td>
				{health?.hasHealthData ? (
					<Sparkline values={stats.map(([, count]) => count)} label={`sessions per day of ${props.release.version}`} />
				) : (
					<span class="muted small">no sessions</span>
				)}
			</td>
		</tr>
	);
}

export const releasePages = new Hono<UiEnv>().get(
	"/organizations/:organization/projects/:project/releases/",
	async (c) => {
		const organization = c.req.param("organization");
		const query = c.req.query("query") ?? "";
		const cursor = c.req.query("cursor");
		const project = (await api<Project>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/`)).data;
		const health = new URLSearchParams({
			health: "1",
			summaryStatsPeriod: PERIOD,
			healthStatsPeriod: PERIOD,
			per_page: String(PER_PAGE),
			...(query ? { query } : {}),
			...(cursor ? { cursor } : {}),
		});
		const sessionsQuery = new URLSearchParams({
			project: project.id,
			field: "sum(session)",
			groupBy: "session.status",
			statsPeriod: PERIOD,
			interval: "1d",
		});
		const [releases, sessions] = await Promise.all([
			api<ReleaseWithHealth[]>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/releases/?${health}`),
			api<SessionsAnswer>(c, `/api/0/organizations/${orgParam(c)}/sessions/?${sessionsQuery}`),
		]);
		const series: AreaSeries[] = STATUS_COLORS.map(([status, color]) => ({
			name: status,
			color,
			values: sessions.data.groups.find((group) => group.by["session.status"] === status)?.series["sum(session)"] ?? [],
		}));
		const base = releasesPath(organization, project.slug);
		const page = (to: string) => `${base}?${new URLSearchParams({ query, cursor: to })}`;
		const [next, previous] = [cursorOf(releases.link, "next"), cursorOf(releases.link, "previous")];
		return render(
			c,
			`${project.name} releases`,
			<>
				<p class="small">
					<a href={streamPath(organization, project.slug)}>← {project.slug} issues</a>
				</p>
				<h1>
					{project.name} <span class="muted small">releases, last 14 days</span>
				</h1>
				<StackedArea series={series} labels={sessions.data.intervals.map(day)} title="Sessions per day by status" />
				<form class="toolbar" method="get" action={base}>
					<input type="search" name="query" value={query} aria-label="Search releases" />
					<button type="submit">Search</button>
				</form>
				<table id="releases">
					<thead>
						<tr>
							<th>Release</th>
							<th class="num">Crash-free sessions</th>
							<th class="num">Crash-free users</th>
							<th class="num">Adoption</th>
							<th class="num">Sessions</th>
							<th class="num">New issues</th>
							<th>Sessions per day</th>
						</tr>
					</thead>
					<tbody>
						{releases.data.map((release) => (
							<ReleaseRow release={release} project={project.slug} />
						))}
					</tbody>
				</table>
				{releases.data.length === 0 && (
					<p class="muted">No releases yet. Events and sessions with a release create one.</p>
				)}
				<nav class="pager">
					{previous && (
						<a class="button" href={page(previous)}>
							← Previous
						</a>
					)}
					{next && (
						<a class="button" href={page(next)}>
							Next →
						</a>
					)}
				</nav>
			</>,
			organization,
		);
	},
);
