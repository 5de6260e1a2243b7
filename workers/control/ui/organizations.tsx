/** The organizations page and an organization's projects. */
import { Hono } from "hono";
import { api, orgParam, render, streamPath, type UiEnv } from "./kit";
import type { Organization, Project } from "./types";

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
			<h1>
				{organization.name}: projects{" "}
				<a class="small" href={`/organizations/${organization.slug}/members/`}>
					Members
				</a>{" "}
				<a class="small" href={`/organizations/${organization.slug}/crons/`}>
					Crons
				</a>
			</h1>
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

export const organizationPages = new Hono<UiEnv>()
	.get("/organizations/", async (c) => {
		const organizations = (await api<Organization[]>(c, "/api/0/organizations/")).data;
		if (organizations.length === 1 && organizations[0]) {
			return c.redirect(`/organizations/${organizations[0].slug}/`, 302);
		}
		return render(c, "Organizations", <OrganizationsPage organizations={organizations} />);
	})
	.get("/organizations/:organization/", async (c) => {
		const [organization, projects] = await Promise.all([
			api<Organization>(c, `/api/0/organizations/${orgParam(c)}/`),
			api<Project[]>(c, `/api/0/organizations/${orgParam(c)}/projects/`),
		]);
		return render(
			c,
			organization.data.name,
			<ProjectsPage organization={organization.data} projects={projects.data} />,
			organization.data.slug,
		);
	});
