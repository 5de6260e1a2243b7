/**
 * Crons: an organization's monitors (schedule, each environment's status and next expected
 * check-in, a timeline of the latest check-ins coloured by status, and why recent check-ins were
 * dropped), and a monitor's page with its environments, open incident and check-ins. Read through
 * the Web API (docs/crons.md). Colours come from the stylesheet (`s-<status>`): the pages' CSP allows no
 * inline styles.
 */
import { Hono } from "hono";
import { cursorOf } from "./api";
import { api, issuePath, KeyValues, orgParam, render, Section, type UiEnv, When } from "./kit";
import type { Monitor, MonitorCheckIn, ProcessingError } from "./types";

const TIMELINE_LENGTH = 30;
const PAGE = 25;
const cronsPath = (organization: string) => `/organizations/${organization}/crons/`;
const monitorPath = (organization: string, slug: string) => `${cronsPath(organization)}${encodeURIComponent(slug)}/`;

export function scheduleText(config: Monitor["config"]): string {
	if (Array.isArray(config.schedule)) {
		const [count, unit] = config.schedule;
		return `every ${count === 1 ? unit : `${count} ${unit}s`}`;
	}
	return `${config.schedule} (${config.timezone})`;
}

function Status(props: { status: string }) {
	return <span class={`status s-${props.status}`}>{props.status}</span>;
}

/** The check-ins oldest to newest, one coloured mark each. */
export function Timeline(props: { checkIns: MonitorCheckIn[] }) {
	if (!props.checkIns.length) return <span class="muted small">no check-ins yet</span>;
	return (
		<span class="timeline" role="img" aria-label="latest check-ins">
			{[...props.checkIns].reverse().map((checkIn) => (
				<span
					class={`s-${checkIn.status}`}
					data-status={checkIn.status}
					title={`${checkIn.status} · ${checkIn.environment} · ${checkIn.dateCreated}`}
				/>
			))}
		</span>
	);
}

function Environments(props: { organization: string; monitor: Monitor }) {
	if (!props.monitor.environments.length) return <span class="muted small">no check-ins yet</span>;
	return (
		<>
			{props.monitor.environments.map((environment) => (
				<div class="small">
					{environment.name} <Status status={environment.status} />{" "}
					{environment.nextCheckIn && (
						<>
							next <When iso={environment.nextCheckIn} />
						</>
					)}
					{environment.activeIncident?.issueId && (
						<>
							{" "}
							<a href={issuePath(props.organization, environment.activeIncident.issueId)}>open incident</a>
						</>
					)}
				</div>
			))}
		</>
	);
}

export function CronsPage(props: {
	organization: string;
	monitors: { monitor: Monitor; checkIns: MonitorCheckIn[] }[];
	errors: ProcessingError[];
	cursors: { next?: string; previous?: string };
}) {
	const page = (cursor: string) => `${cronsPath(props.organization)}?${new URLSearchParams({ cursor })}`;
	return (
		<>
			<h1>
				Crons <span class="muted small">{props.organization}</span>
			</h1>
			<table id="monitors">
				<thead>
					<tr>
						<th>Monitor</th>
						<th>Schedule</th>
						<th>Environments</th>
						<th>Latest check-ins</th>
					</tr>
				</thead>
				<tbody>
					{props.monitors.map(({ monitor, checkIns }) => (
						<tr data-monitor={monitor.slug}>
							<td>
								<a href={monitorPath(props.organization, monitor.slug)}>{monitor.name}</a>
								<div class="muted small">
									{monitor.project.slug} · {monitor.status}
									{monitor.isMuted ? " · muted" : ""}
								</div>
							</td>
							<td class="small">{scheduleText(monitor.config)}</td>
							<td>
								<Environments organization={props.organization} monitor={monitor} />
							</td>
							<td>
								<Timeline checkIns={checkIns} />
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{props.monitors.length === 0 && (
				<p class="muted">
					No monitors yet. Send a check-in with <code>monitor_config</code> (an SDK's withMonitor,{" "}
					<code>sentry-cli monitors run</code> or the HTTP check-in route) and it appears here.
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
			{props.errors.length > 0 && (
				<Section title="Dropped check-ins">
					<table>
						<tbody>
							{props.errors.map((error) => (
								<tr>
									<td class="small">
										<When iso={error.checkin.ts} />
									</td>
									<td>
										<code>{String(error.checkin.payload.monitor_slug ?? "")}</code>
									</td>
									<td class="small">
										<code>{JSON.stringify(error.errors)}</code>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</Section>
			)}
		</>
	);
}

export function MonitorPage(props: {
	organization: string;
	monitor: Monitor;
	checkIns: MonitorCheckIn[];
	next?: string;
}) {
	const { monitor } = props;
	const { schedule_type, schedule, ...limits } = monitor.config;
	return (
		<>
			<h1>
				{monitor.name} <span class="muted small">{monitor.slug}</span>
			</h1>
			<p>
				<a href={cronsPath(props.organization)}>← All monitors</a> · {scheduleText(monitor.config)} · project{" "}
				{monitor.project.slug} · {monitor.status}
				{monitor.isMuted ? " · muted" : ""}
			</p>
			<Section title="Configuration">
				<KeyValues values={limits} />
			</Section>
			<Section title="Environments">
				<table>
					<thead>
						<tr>
							<th>Environment</th>
							<th>Status</th>
							<th>Last check-in</th>
							<th>Next expected</th>
							<th>Missed after</th>
							<th>Incident</th>
						</tr>
					</thead>
					<tbody>
						{monitor.environments.map((environment) => (
							<tr>
								<td>{environment.name}</td>
								<td>
									<Status status={environment.status} />
								</td>
								<td class="small">{environment.lastCheckIn && <When iso={environment.lastCheckIn} />}</td>
								<td class="small">{environment.nextCheckIn && <When iso={environment.nextCheckIn} />}</td>
								<td class="small">{environment.nextCheckInLatest && <When iso={environment.nextCheckInLatest} />}</td>
								<td class="small">
									{environment.activeIncident ? (
										<>
											since <When iso={environment.activeIncident.startingTimestamp} />{" "}
											{environment.activeIncident.issueId && (
												<a href={issuePath(props.organization, environment.activeIncident.issueId)}>issue</a>
											)}
										</>
									) : (
										<span class="muted">none</span>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</Section>
			<Section title="Check-ins">
				<Timeline checkIns={props.checkIns.slice(0, TIMELINE_LENGTH)} />
				<table id="check-ins">
					<thead>
						<tr>
							<th>Status</th>
							<th>Environment</th>
							<th>Started</th>
							<th>Expected</th>
							<th class="num">Duration</th>
						</tr>
					</thead>
					<tbody>
						{props.checkIns.map((checkIn) => (
							<tr data-status={checkIn.status}>
								<td>
									<Status status={checkIn.status} />
								</td>
								<td>{checkIn.environment}</td>
								<td class="small">
									<When iso={checkIn.dateCreated} />
								</td>
								<td class="small">{checkIn.expectedTime && <When iso={checkIn.expectedTime} />}</td>
								<td class="num">{checkIn.duration === null ? "" : `${(checkIn.duration / 1000).toFixed(1)} s`}</td>
							</tr>
						))}
					</tbody>
				</table>
				{props.next && (
					<nav class="pager">
						<a
							class="button"
							href={`${monitorPath(props.organization, monitor.slug)}?${new URLSearchParams({ cursor: props.next })}`}
						>
							Older →
						</a>
					</nav>
				)}
			</Section>
		</>
	);
}

const checkInsOf = (c: Parameters<typeof api>[0], slug: string, search: URLSearchParams) =>
	api<MonitorCheckIn[]>(
		c,
		`/api/0/organizations/${orgParam(c)}/monitors/${encodeURIComponent(slug)}/checkins/?${search}`,
	);

export const cronPages = new Hono<UiEnv>()
	.get("/organizations/:organization/crons/", async (c) => {
		const cursor = c.req.query("cursor");
		const search = new URLSearchParams({ per_page: String(PAGE), ...(cursor ? { cursor } : {}) });
		const [monitors, errors] = await Promise.all([
			api<Monitor[]>(c, `/api/0/organizations/${orgParam(c)}/monitors/?${search}`),
			api<ProcessingError[]>(c, `/api/0/organizations/${orgParam(c)}/processing-errors/`),
		]);
		const timelines = await Promise.all(
			monitors.data.map(async (monitor) => ({
				monitor,
				checkIns: (await checkInsOf(c, monitor.slug, new URLSearchParams({ per_page: String(TIMELINE_LENGTH) }))).data,
			})),
		);
		const organization = c.req.param("organization");
		return render(
			c,
			"Crons",
			<CronsPage
				organization={organization}
				monitors={timelines}
				errors={errors.data.slice(0, 10)}
				cursors={{ next: cursorOf(monitors.link, "next"), previous: cursorOf(monitors.link, "previous") }}
			/>,
			organization,
		);
	})
	.get("/organizations/:organization/crons/:monitor/", async (c) => {
		const slug = c.req.param("monitor");
		const cursor = c.req.query("cursor");
		const [monitor, checkIns] = await Promise.all([
			api<Monitor>(c, `/api/0/organizations/${orgParam(c)}/monitors/${encodeURIComponent(slug)}/`),
			checkInsOf(c, slug, new URLSearchParams({ per_page: "50", ...(cursor ? { cursor } : {}) })),
		]);
		const organization = c.req.param("organization");
		return render(
			c,
			monitor.data.name,
			<MonitorPage
				organization={organization}
				monitor={monitor.data}
				checkIns={checkIns.data}
				next={cursorOf(checkIns.link, "next")}
			/>,
			organization,
		);
	});
