/**
 * A project's logs: newest first, filtered by level and Sentry's search syntax, counts per level over
 * the last day, facets of the attributes recent logs carry, live tail (the page polls for lines newer
 * than its newest, as the issue stream does), each line linking to its trace and to the trace's logs.
 * Also the logs of an event's trace, shown on the issue page. All reads go through the Web API.
 */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { cursorOf } from "./api";
import { api, orgParam, projectParam, render, streamPath, text, type UiContext, type UiEnv } from "./kit";
import type { Event, Project } from "./types";

type LogRow = Record<string, unknown> & {
	"sentry.item_id": string;
	timestamp: string;
	severity: string;
	message: string;
	trace: string;
};
type Table = { data: LogRow[]; meta: { dataScanned: string } };
type Series = { timeSeries: { groupBy?: { value: string }[]; values: { timestamp: number; value: number }[] }[] };

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
const FIELDS = ["sentry.item_id", "timestamp", "timestamp_precise", "severity", "message", "trace", "span_id"];
const PER_PAGE = 50;
const FACET_KEYS = 6;
const FACET_VALUES = 5;
const LIVE_LIMIT = 100;

export const logsPath = (organization: string, project: string) => `${streamPath(organization, project)}logs/`;
export const tracePath = (organization: string, traceId: string) => `/organizations/${organization}/traces/${traceId}/`;

/** The API query for the page's search box and level choice. */
const apiQuery = (query: string, level: string) => [level ? `level:${level}` : "", query].filter(Boolean).join(" ");

function eventsPath(
	c: UiContext,
	project: Project & { id?: string },
	search: Record<string, string>,
	fields: string[],
) {
	const params = new URLSearchParams({
		dataset: "ourlogs",
		project: String(project.id ?? ""),
		sort: "-timestamp",
		...search,
	});
	for (const field of fields) params.append("field", field);
	return `/api/0/organizations/${orgParam(c)}/events/?${params}`;
}

export function LogLine(props: { organization: string; project: string; log: LogRow; facets: string[] }) {
	const { log } = props;
	const attributes = props.facets.filter((key) => log[key] !== null && log[key] !== undefined);
	return (
		<tr data-log={log["sentry.item_id"]} data-time={text(log.timestamp_precise)}>
			<td class="small nowrap">
				<time datetime={log.timestamp}>{log.timestamp.replace("T", " ").replace(/\+00:00$/, "")}</time>
			</td>
			<td>
				<span class={`level level-${log.severity === "warn" ? "warning" : log.severity}`}>{log.severity}</span>
			</td>
			<td>
				<span class="log-message">{log.message}</span>
				{attributes.length > 0 && (
					<div class="muted small">
						{attributes.map((key) => (
							<span class="attribute">
								{key}=<code>{text(log[key])}</code>{" "}
							</span>
						))}
					</div>
				)}
			</td>
			<td class="small">
				<a href={tracePath(props.organization, log.trace)} title="The trace">
					{log.trace.slice(0, 8)}
				</a>{" "}
				<a
					class="muted"
					href={`${logsPath(props.organization, props.project)}?${new URLSearchParams({ query: `trace:${log.trace}` })}`}
				>
					logs
				</a>
			</td>
		</tr>
	);
}

function LevelChart(props: { series: Series }) {
	const totals = new Map<number, number>();
	for (const one of props.series.timeSeries)
		for (const value of one.values) totals.set(value.timestamp, (totals.get(value.timestamp) ?? 0) + value.value);
	const max = Math.max(1, ...totals.values());
	return (
		<div class="chart" role="img" aria-label="Logs per hour, last 24 hours">
			{[...totals].map(([timestamp, count]) => (
				// Heights are classes (h0…h10): the Content-Security-Policy allows no style attributes.
				<span
					class={`bar h${Math.round((count / max) * 10)}`}
					title={`${new Date(timestamp).toISOString()}: ${count}`}
				/>
			))}
		</div>
	);
}

function Facets(props: { base: string; query: string; level: string; keys: string[]; rows: LogRow[] }) {
	return (
		<aside class="facets">
			{props.keys.map((key) => {
				const counts = new Map<string, number>();
				for (const row of props.rows) {
					const value = row[key];
					if (value !== null && value !== undefined) counts.set(text(value), (counts.get(text(value)) ?? 0) + 1);
				}
				const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, FACET_VALUES);
				if (!top.length) return null;
				return (
					<div class="card facet">
						<h3 class="small">{key}</h3>
						{top.map(([value, count]) => (
							<div class="small">
								<a
									href={`${props.base}?${new URLSearchParams({ level: props.level, query: `${props.query} ${key}:"${value}"`.trim() })}`}
								>
									{value}
								</a>{" "}
								<span class="muted">{count}</span>
							</div>
						))}
					</div>
				);
			})}
		</aside>
	);
}

function LogsPage(props: {
	organization: string;
	project: Project;
	table: Table;
	series: Series;
	facets: string[];
	query: string;
	level: string;
	cursors: { next?: string; previous?: string };
	live: boolean;
}) {
	const base = logsPath(props.organization, props.project.slug);
	const search = (extra: Record<string, string>) =>
		`${base}?${new URLSearchParams({ query: props.query, level: props.level, ...extra })}`;
	const totals = Object.fromEntries(
		props.series.timeSeries.map((one) => [
			one.groupBy?.[0]?.value ?? "",
			one.values.reduce((sum, value) => sum + value.value, 0),
		]),
	);
	return (
		<>
			<h1>
				{props.project.name} <span class="muted small">logs</span>{" "}
				<a class="small" href={streamPath(props.organization, props.project.slug)}>
					Issues
				</a>
			</h1>
			<LevelChart series={props.series} />
			<form class="toolbar" method="get" action={base}>
				<select name="level" aria-label="Level">
					<option value="">all levels</option>
					{LEVELS.map((level) => (
						<option value={level} selected={props.level === level}>
							{level} ({totals[level] ?? 0})
						</option>
					))}
				</select>
				<input type="search" name="query" value={props.query} aria-label="Search logs" />
				<button type="submit">Search</button>
				<span class="muted small">e.g. timeout trace:… environment:production !level:debug</span>
			</form>
			{props.table.meta.dataScanned === "partial" && (
				<p class="muted small">
					Only part of the time range was searched (docs/logs.md): narrow the query to see more.
				</p>
			)}
			<div class="with-facets">
				<table
					id="logs"
					data-row-key="data-log"
					data-cursor={text(props.table.data[0]?.timestamp_precise ?? 0)}
					data-live={
						props.live ? `${base}live/?${new URLSearchParams({ query: props.query, level: props.level })}` : undefined
					}
				>
					<thead>
						<tr>
							<th>Time</th>
							<th>Level</th>
							<th>Message</th>
							<th>Trace</th>
						</tr>
					</thead>
					<tbody>
						{props.table.data.map((log) => (
							<LogLine organization={props.organization} project={props.project.slug} log={log} facets={props.facets} />
						))}
					</tbody>
				</table>
				<Facets base={base} query={props.query} level={props.level} keys={props.facets} rows={props.table.data} />
			</div>
			{props.table.data.length === 0 && (
				<p id="empty" class="muted">
					No logs match. New ones appear here as they arrive.
				</p>
			)}
			<nav class="pager">
				{props.cursors.previous && (
					<a class="button" href={search({ cursor: props.cursors.previous })}>
						← Newer
					</a>
				)}
				{props.cursors.next && (
					<a class="button" href={search({ cursor: props.cursors.next })}>
						Older →
					</a>
				)}
			</nav>
		</>
	);
}

/** Attribute keys worth a facet: the user's own first, then environment and release. */
async function facetKeys(c: UiContext, project: Project & { id?: string }) {
	const params = new URLSearchParams({ itemType: "logs", project: String(project.id ?? ""), statsPeriod: "24h" });
	const keys = (
		await api<{ key: string }[]>(c, `/api/0/organizations/${orgParam(c)}/trace-items/attributes/?${params}`)
	).data.map((entry) => entry.key);
	const own = keys.filter((key) => !key.startsWith("sentry.") && !key.startsWith("server."));
	return [
		...own.slice(0, FACET_KEYS - 2),
		...["sentry.environment", "sentry.release"].filter((key) => keys.includes(key)),
	];
}

export const logPages = new Hono<UiEnv>()
	.get("/organizations/:organization/projects/:project/logs/", async (c) => {
		const query = c.req.query("query") ?? "";
		const level = LEVELS.includes(c.req.query("level") ?? "") ? (c.req.query("level") as string) : "";
		const cursor = c.req.query("cursor");
		const project = (await api<Project & { id: string }>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/`)).data;
		const facets = await facetKeys(c, project);
		const search = {
			query: apiQuery(query, level),
			per_page: String(PER_PAGE),
			statsPeriod: "14d",
			...(cursor ? { cursor } : {}),
		};
		const seriesParams = new URLSearchParams({
			dataset: "ourlogs",
			project: project.id,
			yAxis: "count()",
			groupBy: "severity",
			statsPeriod: "24h",
			interval: "1h",
		});
		const [table, series] = await Promise.all([
			api<Table>(c, eventsPath(c, project, search, [...FIELDS, ...facets])),
			api<Series>(c, `/api/0/organizations/${orgParam(c)}/events-timeseries/?${seriesParams}`),
		]);
		const previous = cursorOf(table.link, "previous");
		return render(
			c,
			`${project.name} logs`,
			<LogsPage
				organization={c.req.param("organization")}
				project={project}
				table={table.data}
				series={series.data}
				facets={facets}
				query={query}
				level={level}
				cursors={{ next: cursorOf(table.link, "next"), previous }}
				live={!previous}
			/>,
			c.req.param("organization"),
		);
	})
	/** Live tail: the lines newer than `since` (nanoseconds, as `timestamp_precise`), rendered. */
	.get("/organizations/:organization/projects/:project/logs/live/", async (c) => {
		const since = Number(c.req.query("since") ?? 0);
		const level = LEVELS.includes(c.req.query("level") ?? "") ? (c.req.query("level") as string) : "";
		const project = (await api<Project & { id: string }>(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/`)).data;
		const search = {
			query: apiQuery(c.req.query("query") ?? "", level),
			per_page: String(LIVE_LIMIT),
			statsPeriod: "1h",
		};
		const table = (await api<Table>(c, eventsPath(c, project, search, FIELDS))).data;
		const fresh = table.data.filter((log) => Number(log.timestamp_precise) > since);
		const rows = await Promise.all(
			fresh.map(async (log) => ({
				id: log["sentry.item_id"],
				html: String(
					await (<LogLine organization={c.req.param("organization")} project={project.slug} log={log} facets={[]} />),
				),
			})),
		);
		return c.json({ cursor: String(fresh[0]?.timestamp_precise ?? since), rows });
	});

/** The logs of an event's trace, for the issue page (the trace id of its trace context). */
export async function TraceLogs(props: { c: UiContext; organization: string; event: Event | null }): Promise<Child> {
	const traceId = text((props.event?.contexts.trace as { trace_id?: unknown } | undefined)?.trace_id);
	if (!/^[0-9a-f]{32}$/.test(traceId)) return null;
	const params = new URLSearchParams({ traceId, statsPeriod: "14d", per_page: "50" });
	const table = (
		await api<Table>(props.c, `/api/0/organizations/${encodeURIComponent(props.organization)}/trace-logs/?${params}`)
	).data;
	return (
		<section>
			<h2>Logs of this trace</h2>
			{table.data.length === 0 ? (
				<p class="muted">No logs in this trace.</p>
			) : (
				<table id="trace-logs">
					<tbody>
						{table.data.map((log) => (
							<tr>
								<td class="small nowrap">{log.timestamp.replace("T", " ").replace(/\+00:00$/, "")}</td>
								<td>
									<span class={`level level-${log.severity === "warn" ? "warning" : log.severity}`}>
										{log.severity}
									</span>
								</td>
								<td>{log.message}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<p class="small">
				<a href={tracePath(props.organization, traceId)}>Open the trace</a>
			</p>
		</section>
	);
}
