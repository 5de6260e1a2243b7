/**
 * The pages, as pure components over Web API answers. Every value from an event is untrusted: it is only
 * ever rendered as JSX text or attribute (escaped by hono/jsx), never as raw HTML.
 */
import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../cookies";

export interface Organization {
	slug: string;
	name: string;
}
export interface Project {
	slug: string;
	name: string;
	platform: string | null;
}
export interface Issue {
	id: string;
	shortId: string;
	title: string;
	culprit: string | null;
	level: string;
	status: string;
	count: string;
	userCount: number;
	firstSeen: string;
	lastSeen: string;
	project: { slug: string };
}
export interface ProjectKey {
	id: string;
	label: string;
	isActive: boolean;
	dsn: { public: string };
	dateCreated: string;
}
export interface Rule {
	id: string;
	name: string;
	actionMatch: string;
	frequency: number;
	conditions: { name: string }[];
	actions: { name: string }[];
}
export interface Member {
	id: string;
	email: string;
	name: string;
	roleName: string;
}
type Json = unknown;
export interface Event {
	eventID: string;
	title: string;
	message: string;
	level: string;
	dateCreated: string;
	platform: string | null;
	entries: { type: string; data: Json }[];
	tags: { key: string; value: string }[];
	contexts: Record<string, Json>;
	user: Record<string, Json> | null;
	release: { version: string } | null;
	environment: string | null;
	/** Problems met while processing the event (e.g. a frame no source map could map), as Sentry's `errors`. */
	errors?: Json[];
}

const issuePath = (organization: string, issueId: string) => `/organizations/${organization}/issues/${issueId}/`;
export const streamPath = (organization: string, project: string) =>
	`/organizations/${organization}/projects/${project}/`;

const text = (value: Json): string =>
	value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
const records = (value: Json): Record<string, Json>[] =>
	Array.isArray(value) ? value.filter((item): item is Record<string, Json> => typeof item === "object" && !!item) : [];
const record = (value: Json): Record<string, Json> =>
	typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};

function When(props: { iso: string }) {
	return (
		<time datetime={props.iso} title={props.iso}>
			{props.iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}
		</time>
	);
}

function Csrf(props: { csrf: string }) {
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

export function OrganizationsPage(props: { organizations: Organization[] }) {
	return (
		<>
			<h1>Organizations</h1>
			{props.organizations.length === 0 && <p class="muted">You are not a member of any organization.</p>}
			<ul>
				{props.organizations.map((organization) => (
					<li>
						<a href={`/organizations/${organization.slug}/`}>{organization.name}</a>{" "}
						<span class="muted small">{organization.slug}</span>
					</li>
				))}
			</ul>
		</>
	);
}

export function ProjectsPage(props: { organization: Organization; projects: Project[] }) {
	const { organization } = props;
	return (
		<>
			<h1>{organization.name}: projects</h1>
			<table>
				<thead>
					<tr>
						<th>Project</th>
						<th>Platform</th>
						<th />
					</tr>
				</thead>
				<tbody>
					{props.projects.map((project) => (
						<tr>
							<td>
								<a href={streamPath(organization.slug, project.slug)}>{project.name}</a>{" "}
								<span class="muted small">{project.slug}</span>
							</td>
							<td>{project.platform ?? ""}</td>
							<td>
								<a href={`${streamPath(organization.slug, project.slug)}settings/`}>Settings</a>
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</>
	);
}

function StatusButtons(props: { organization: string; issue: Issue; csrf: string; next: string }) {
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

/** Polls the live endpoint with the newest last-seen it has, and puts new or changed rows on top. */
const LIVE_SCRIPT = `
(function(){
  var table=document.getElementById('stream');if(!table)return;
  var body=table.tBodies[0],cursor=table.dataset.cursor,url=table.dataset.live;
  function poll(){
    fetch(url+(url.indexOf('?')<0?'?':'&')+'since='+encodeURIComponent(cursor||''),{headers:{accept:'application/json'}})
      .then(function(r){return r.ok?r.json():null}).then(function(answer){
        if(!answer)return;cursor=answer.cursor||cursor;
        answer.rows.slice().reverse().forEach(function(row){
          var old=body.querySelector('tr[data-issue="'+row.id+'"]');if(old)old.remove();
          var holder=document.createElement('tbody');holder.innerHTML=row.html;
          var tr=holder.firstElementChild;tr.classList.add('fresh');body.insertBefore(tr,body.firstChild);
        });
        var empty=document.getElementById('empty');if(empty&&answer.rows.length)empty.remove();
      }).catch(function(){}).then(function(){setTimeout(poll,2000)});
  }
  setTimeout(poll,2000);
})();`;

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
			{/* Our own constant script, never event data: raw, since the text of <script> is not HTML-decoded. */}
			{props.live && <script dangerouslySetInnerHTML={{ __html: LIVE_SCRIPT }} />}
		</>
	);
}

function KeyValues(props: { values: Record<string, Json> }) {
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

function Section(props: { title: string; children?: Child }) {
	return (
		<section>
			<h2>{props.title}</h2>
			{props.children}
		</section>
	);
}

export function IssuePage(props: {
	organization: string;
	issue: Issue;
	event: Event | null;
	events: { eventID: string; dateCreated: string }[];
	csrf: string;
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
				</>
			)}
		</>
	);
}

export function SettingsPage(props: {
	organization: string;
	project: Project;
	keys: ProjectKey[];
	rules: Rule[];
	members: Member[];
	csrf: string;
}) {
	const base = `${streamPath(props.organization, props.project.slug)}settings/`;
	const dsn = props.keys.find((key) => key.isActive)?.dsn.public;
	return (
		<>
			<p class="small">
				<a href={streamPath(props.organization, props.project.slug)}>← {props.project.name} issues</a>
			</p>
			<h1>{props.project.name}: settings</h1>
			<Section title="DSN">
				{dsn ? (
					<div class="dsn">
						<code id="dsn">{dsn}</code>
						<button
							type="button"
							onclick="navigator.clipboard.writeText(document.getElementById('dsn').textContent).then(()=>{this.textContent='Copied'})"
						>
							Copy
						</button>
					</div>
				) : (
					<p class="muted">No active key: create one below.</p>
				)}
			</Section>
			<Section title="Client keys">
				<table>
					<thead>
						<tr>
							<th>Label</th>
							<th>DSN</th>
							<th>Status</th>
							<th />
						</tr>
					</thead>
					<tbody>
						{props.keys.map((key) => (
							<tr>
								<td>{key.label}</td>
								<td>
									<code class="small">{key.dsn.public}</code>
								</td>
								<td>{key.isActive ? "active" : "disabled"}</td>
								<td>
									{key.isActive && (
										<form class="inline" method="post" action={`${base}keys/${key.id}/disable/`}>
											<Csrf csrf={props.csrf} />
											<button type="submit">Disable</button>
										</form>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
				<form class="toolbar" method="post" action={`${base}keys/`}>
					<Csrf csrf={props.csrf} />
					<input type="text" name="name" placeholder="Label of the new key" aria-label="Key label" required />
					<button type="submit">Create key</button>
				</form>
			</Section>
			<Section title="Alert rules">
				{props.rules.length === 0 ? (
					<p class="muted">No alert rules (create them through the API, see docs/alerts.md).</p>
				) : (
					<table>
						<thead>
							<tr>
								<th>Rule</th>
								<th>When</th>
								<th>Then</th>
								<th>Every (min)</th>
							</tr>
						</thead>
						<tbody>
							{props.rules.map((rule) => (
								<tr>
									<td>{rule.name}</td>
									<td>
										<span class="muted small">{rule.actionMatch}: </span>
										{rule.conditions.map((condition) => condition.name).join("; ")}
									</td>
									<td>{rule.actions.map((action) => action.name).join("; ")}</td>
									<td class="num">{rule.frequency}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</Section>
			<Section title="Members">
				<table>
					<thead>
						<tr>
							<th>Name</th>
							<th>Email</th>
							<th>Role</th>
						</tr>
					</thead>
					<tbody>
						{props.members.map((member) => (
							<tr>
								<td>{member.name}</td>
								<td>{member.email}</td>
								<td>{member.roleName}</td>
							</tr>
						))}
					</tbody>
				</table>
			</Section>
		</>
	);
}
