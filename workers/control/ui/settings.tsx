/** A project's settings: its DSN keys and alert rules. */
import { Hono } from "hono";
import { csrfToken } from "../cookies";
import { api, Csrf, orgParam, postedForm, projectParam, render, Section, streamPath, type UiEnv } from "./kit";
import type { Project, ProjectKey, Rule } from "./types";

export function SettingsPage(props: {
	organization: string;
	project: Project;
	keys: ProjectKey[];
	rules: Rule[];
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
						<button type="button" data-copy="dsn">
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
		</>
	);
}

export const settingsPages = new Hono<UiEnv>()
	.get("/organizations/:organization/projects/:project/settings/", async (c) => {
		const base = `/api/0/projects/${orgParam(c)}/${projectParam(c)}/`;
		const [project, keys, rules] = await Promise.all([
			api<Project>(c, base),
			api<ProjectKey[]>(c, `${base}keys/`),
			api<Rule[]>(c, `${base}rules/`),
		]);
		return render(
			c,
			`${project.data.name} settings`,
			<SettingsPage
				organization={c.req.param("organization")}
				project={project.data}
				keys={keys.data}
				rules={rules.data}
				csrf={csrfToken(c)}
			/>,
			c.req.param("organization"),
		);
	})
	.post("/organizations/:organization/projects/:project/settings/keys/", async (c) => {
		const form = await postedForm(c);
		await api(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/keys/`, {
			method: "POST",
			body: { name: form.name },
		});
		return c.redirect(`${streamPath(c.req.param("organization"), c.req.param("project"))}settings/`, 303);
	})
	.post("/organizations/:organization/projects/:project/settings/keys/:key/disable/", async (c) => {
		await postedForm(c);
		const key = encodeURIComponent(c.req.param("key"));
		await api(c, `/api/0/projects/${orgParam(c)}/${projectParam(c)}/keys/${key}/`, {
			method: "PUT",
			body: { isActive: false },
		});
		return c.redirect(`${streamPath(c.req.param("organization"), c.req.param("project"))}settings/`, 303);
	});
