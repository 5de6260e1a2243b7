/** An issue's page: its events one at a time, with exceptions, frames, breadcrumbs, tags, user and contexts. */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { ApiError } from "../../lib/errors";
import { csrfToken } from "../cookies";
import {
	api,
	issuePath,
	KeyValues,
	orgParam,
	record,
	records,
	render,
	Section,
	streamPath,
	text,
	type UiContext,
	type UiEnv,
	When,
} from "./kit";
import { TraceLogs } from "./logs";
import { FirstRelease } from "./releases";
import { StatusButtons } from "./stream";
import type { Event, Issue } from "./types";

type Json = unknown;

function Frame(props: { frame: Record<string, Json> }) {
	const { frame } = props;
	const inApp = frame.in_app === true;
	const where = [frame.filename ?? frame.abs_path ?? frame.module, frame.lineno, frame.colno]
		.filter((part) => part !== undefined && part !== null)
		.map(text)
		.join(":");
	const lineno = typeof frame.lineno === "number" ? frame.lineno : undefined;
	const pre = Array.isArray(frame.pre_context) ? frame.pre_context.map(text) : [];
	const post = Array.isArray(frame.post_context) ? frame.post_context.map(text) : [];
	const hasContext = typeof frame.context_line === "string";
	const number = (offset: number) => (lineno === undefined ? "" : `${lineno + offset}`.padStart(5, " "));
	const symbolication = text(record(frame.data).symbolicator_status);
	return (
		<details class={inApp ? "frame in-app" : "frame"} open={inApp && hasContext}>
			<summary>
				<code>{where}</code> in <code>{text(frame.function) || "?"}</code>
				{inApp && <span class="small muted"> (in app)</span>}
				{symbolication && symbolication !== "symbolicated" && (
					<span class="small unmapped"> not source-mapped: {symbolication}</span>
				)}
			</summary>
			{hasContext && (
				<div class="context">
					{pre.map((line, index) => (
						<div>
							<code>{`${number(index - pre.length)}  ${line}`}</code>
						</div>
					))}
					<div class="current">
						<code>{`${number(0)}  ${text(frame.context_line)}`}</code>
					</div>
					{post.map((line, index) => (
						<div>
							<code>{`${number(index + 1)}  ${line}`}</code>
						</div>
					))}
				</div>
			)}
		</details>
	);
}

function Stacktrace(props: { stacktrace: Json }) {
	const frames = records(record(props.stacktrace).frames);
	if (!frames.length) return <p class="muted">No stack trace.</p>;
	// SDKs send the oldest frame first; the crashing frame reads best on top.
	return (
		<div class="stacktrace">
			{frames.toReversed().map((frame) => (
				<Frame frame={frame} />
			))}
		</div>
	);
}

function Exceptions(props: { data: Json }) {
	// The chain arrives innermost cause first; show the exception that was raised on top.
	const values = records(record(props.data).values).toReversed();
	return (
		<>
			{values.map((value) => (
				<div class="card exception">
					<h3>
						<code>{text(value.type) || "Error"}</code>
					</h3>
					<pre class="exception-value">{text(value.value)}</pre>
					{value.mechanism !== undefined && <p class="small muted">mechanism: {text(record(value.mechanism).type)}</p>}
					<Stacktrace stacktrace={value.stacktrace} />
				</div>
			))}
		</>
	);
}

function Breadcrumbs(props: { data: Json }) {
	const values = records(record(props.data).values);
	return (
		<table class="breadcrumbs">
			<thead>
				<tr>
					<th>Time</th>
					<th>Category</th>
					<th>Level</th>
					<th>Message</th>
				</tr>
			</thead>
			<tbody>
				{values.map((crumb) => (
					<tr>
						<td class="small">
							{typeof crumb.timestamp === "number"
								? new Date(crumb.timestamp * 1000).toISOString()
								: text(crumb.timestamp)}
						</td>
						<td>{text(crumb.category ?? crumb.type)}</td>
						<td>{text(crumb.level)}</td>
						<td>
							<pre>{[text(crumb.message), crumb.data ? text(crumb.data) : ""].filter(Boolean).join(" ")}</pre>
						</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}

export function IssuePage(props: {
	organization: string;
	issue: Issue;
	event: Event | null;
	events: { eventID: string; dateCreated: string }[];
	csrf: string;
	/** The logs of the event's trace (./logs.tsx). */
	logs?: Child;
}) {
	const { issue, event, organization } = props;
	const base = issuePath(organization, issue.id);
	const index = event ? props.events.findIndex((item) => item.eventID === event.eventID) : -1;
	// The events list is newest first: "older" is the next one down.
	const newer = index > 0 ? props.events[index - 1] : undefined;
	const older = index >= 0 ? props.events[index + 1] : undefined;
	const entry = (type: string) => event?.entries.find((item) => item.type === type)?.data;
	const request = record(entry("request"));
	const message = record(entry("message"));
	return (
		<>
			<p class="small">
				<a href={streamPath(organization, issue.project.slug)}>← {issue.project.slug} issues</a>
			</p>
			<h1 class="issue-title">{issue.title}</h1>
			<p class="muted">
				{issue.shortId} · {issue.culprit ?? ""} · <span class={`level level-${issue.level}`}>{issue.level}</span> ·{" "}
				<span class="status">{issue.status}</span> · {issue.count} events · {issue.userCount} users · first seen{" "}
				<When iso={issue.firstSeen} /> · last seen <When iso={issue.lastSeen} />
			</p>
			<FirstRelease organization={organization} issue={issue} />
			<div class="toolbar">
				<StatusButtons organization={organization} issue={issue} csrf={props.csrf} next={base} />
			</div>
			{!event && <p class="muted">This issue has no stored event.</p>}
			{event && (
				<>
					<nav class="pager">
						<a class="button" href={`${base}events/oldest/`}>
							Oldest
						</a>
						{older && (
							<a class="button" href={`${base}events/${older.eventID}/`}>
								← Older
							</a>
						)}
						{newer && (
							<a class="button" href={`${base}events/${newer.eventID}/`}>
								Newer →
							</a>
						)}
						<a class="button" href={`${base}events/latest/`}>
							Latest
						</a>
						<span class="muted small">
							Event <code>{event.eventID}</code> at <When iso={event.dateCreated} />
						</span>
					</nav>
					{Object.keys(message).length > 0 && (
						<Section title="Message">
							<pre class="message">{text(message.formatted ?? message.message)}</pre>
						</Section>
					)}
					{(event.errors ?? []).length > 0 && (
						<Section title="Processing errors">
							<ul class="processing-errors">
								{records(event.errors).map((error) => (
									<li>
										<code>{text(error.type)}</code> {text(error.reason ?? error.message)}{" "}
										{error.url !== undefined && <code>{text(error.url)}</code>}
									</li>
								))}
							</ul>
						</Section>
					)}
					{entry("exception") !== undefined && (
						<Section title="Exception">
							<Exceptions data={entry("exception")} />
						</Section>
					)}
					{entry("stacktrace") !== undefined && (
						<Section title="Stack trace">
							<Stacktrace stacktrace={entry("stacktrace")} />
						</Section>
					)}
					{entry("breadcrumbs") !== undefined && (
						<Section title="Breadcrumbs">
							<Breadcrumbs data={entry("breadcrumbs")} />
						</Section>
					)}
					<Section title="Tags">
						<div class="tags">
							{event.tags.map((tag) => (
								<span>
									{tag.key}: <strong>{tag.value}</strong>
								</span>
							))}
						</div>
					</Section>
					<Section title="Release and environment">
						<KeyValues
							values={{
								release: event.release?.version ?? "",
								environment: event.environment ?? "",
								level: event.level,
							}}
						/>
					</Section>
					<Section title="User">
						<KeyValues values={event.user ?? {}} />
					</Section>
					{Object.keys(request).length > 0 && (
						<Section title="Request">
							<KeyValues values={request} />
						</Section>
					)}
					<Section title="Contexts">
						{Object.entries(event.contexts).map(([name, values]) => (
							<div class="card">
								<h3>{name}</h3>
								<KeyValues values={record(values)} />
							</div>
						))}
					</Section>
					{props.logs}
				</>
			)}
		</>
	);
}

async function issuePage(c: UiContext, which: string) {
	const issuePath = `/api/0/organizations/${orgParam(c)}/issues/${encodeURIComponent(c.req.param("issue") ?? "")}/`;
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
			logs={<TraceLogs c={c} organization={organization} event={event.data} />}
		/>,
		organization,
	);
}

export const issuePages = new Hono<UiEnv>()
	.get("/organizations/:organization/issues/:issue/", (c) => issuePage(c, "latest"))
	.get("/organizations/:organization/issues/:issue/events/:event/", (c) => issuePage(c, c.req.param("event")));
