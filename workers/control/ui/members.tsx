/**
 * An organization's members and invitations, and the page that accepts an invitation. Owners see
 * pending invitations (the API lists them only to those who may invite), invite an address, renew an
 * invitation's link or cancel it; the link is shown once, right after it was made. The accept page
 * (`/accept/<member>/<token>/`, the invite link) asks an anonymous visitor to sign in first.
 */
import { Hono } from "hono";
import { csrfToken } from "../cookies";
import { api, Csrf, loginPath, orgParam, postedForm, render, type UiContext, type UiEnv, userIfSignedIn } from "./kit";
import { Layout } from "./layout";
import type { InviteDetails, Member, Organization } from "./types";

const membersPath = (organization: string) => `/organizations/${organization}/members/`;

function status(member: Member) {
	if (!member.pending) return "Member";
	const invited = member.inviterName ? `Invited by ${member.inviterName}` : "Invited";
	return member.expired ? `${invited}, expired` : invited;
}

export function MembersPage(props: {
	organization: Organization;
	members: Member[];
	csrf: string;
	invited?: { email: string; link: string };
}) {
	const base = membersPath(props.organization.slug);
	const canInvite = props.organization.access?.includes("member:write") ?? false;
	return (
		<>
			<h1>{props.organization.name}: members</h1>
			{props.invited && (
				<div class="card" role="status">
					<p>
						Invitation for <strong>{props.invited.email}</strong>. Send them this link; it is shown only now and is
						valid for 30 days:
					</p>
					<div class="dsn">
						<code id="invite-link">{props.invited.link}</code>
						<button type="button" data-copy="invite-link">
							Copy
						</button>
					</div>
				</div>
			)}
			<table>
				<thead>
					<tr>
						<th>Name</th>
						<th>Email</th>
						<th>Role</th>
						<th>Status</th>
						<th />
					</tr>
				</thead>
				<tbody>
					{props.members.map((member) => (
						<tr class={member.pending ? "pending" : undefined}>
							<td>{member.pending ? "" : member.name}</td>
							<td>{member.email}</td>
							<td>{member.roleName}</td>
							<td>{status(member)}</td>
							<td>
								{canInvite && member.pending && (
									<>
										<form class="inline" method="post" action={`${base}${member.id}/reinvite/`}>
											<Csrf csrf={props.csrf} />
											<button type="submit">New link</button>
										</form>{" "}
										<form class="inline" method="post" action={`${base}${member.id}/remove/`}>
											<Csrf csrf={props.csrf} />
											<button type="submit">Cancel invitation</button>
										</form>
									</>
								)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{canInvite && (
				<form class="toolbar" method="post" action={base}>
					<Csrf csrf={props.csrf} />
					<input type="email" name="email" placeholder="Address to invite" aria-label="Address to invite" required />
					<select name="role" aria-label="Role">
						<option value="member">Member</option>
						<option value="owner">Owner</option>
					</select>
					<button type="submit">Invite</button>
				</form>
			)}
		</>
	);
}

export function AcceptPage(props: { details: InviteDetails; signedIn: boolean; csrf: string; login: string }) {
	const { orgSlug } = props.details;
	return (
		<div class="login card">
			<h1>Join {orgSlug}</h1>
			<p>
				You have been invited to join the organization <strong>{orgSlug}</strong> on Faultline.
			</p>
			{!props.signedIn ? (
				<>
					<p>
						<a class="button" href={props.login}>
							Sign in to accept
						</a>
					</p>
					<p class="muted small">No account yet? Ask your Faultline administrator to create one, then come back.</p>
				</>
			) : props.details.existingMember ? (
				<p>
					You are already a member: <a href={`/organizations/${orgSlug}/`}>open {orgSlug}</a>.
				</p>
			) : (
				<form method="post">
					<Csrf csrf={props.csrf} />
					<button class="primary" type="submit">
						Accept invitation
					</button>
				</form>
			)}
		</div>
	);
}

async function membersPage(c: UiContext, invited?: Member) {
	const [organization, members] = await Promise.all([
		api<Organization>(c, `/api/0/organizations/${orgParam(c)}/`),
		api<Member[]>(c, `/api/0/organizations/${orgParam(c)}/members/`),
	]);
	const shown = invited?.invite_link ? { email: invited.email, link: invited.invite_link } : undefined;
	return render(
		c,
		`${organization.data.name} members`,
		<MembersPage organization={organization.data} members={members.data} csrf={csrfToken(c)} invited={shown} />,
		organization.data.slug,
	);
}

const memberApiPath = (c: UiContext) =>
	`/api/0/organizations/${orgParam(c)}/members/${encodeURIComponent(c.req.param("member") ?? "")}/`;
const acceptApiPath = (c: UiContext) =>
	`/api/0/accept-invite/${encodeURIComponent(c.req.param("member") ?? "")}/${encodeURIComponent(c.req.param("token") ?? "")}/`;

export const memberPages = new Hono<UiEnv>()
	.get("/organizations/:organization/members/", (c) => membersPage(c))
	.post("/organizations/:organization/members/", async (c) => {
		const form = await postedForm(c);
		const invited = await api<Member>(c, `/api/0/organizations/${orgParam(c)}/members/`, {
			method: "POST",
			body: { email: form.email, role: form.role },
		});
		return membersPage(c, invited.data);
	})
	.post("/organizations/:organization/members/:member/reinvite/", async (c) => {
		await postedForm(c);
		const renewed = await api<Member>(c, memberApiPath(c), {
			method: "PUT",
			body: { reinvite: true, regenerate: true },
		});
		return membersPage(c, renewed.data);
	})
	.post("/organizations/:organization/members/:member/remove/", async (c) => {
		await postedForm(c);
		await api(c, memberApiPath(c), { method: "DELETE" });
		return c.redirect(membersPath(orgParam(c)), 303);
	})
	.get("/accept/:member/:token/", async (c) => {
		const details = (await api<InviteDetails>(c, acceptApiPath(c))).data;
		const user = userIfSignedIn(c);
		const page = <AcceptPage details={details} signedIn={!!user} csrf={csrfToken(c)} login={loginPath(c)} />;
		if (user) return render(c, `Join ${details.orgSlug}`, page);
		return c.html(<Layout title={`Join ${details.orgSlug}`}>{page}</Layout>);
	})
	.post("/accept/:member/:token/", async (c) => {
		if (!userIfSignedIn(c)) return c.redirect(loginPath(c), 302);
		await postedForm(c);
		const details = (await api<InviteDetails>(c, acceptApiPath(c))).data;
		await api(c, acceptApiPath(c), { method: "POST" });
		return c.redirect(`/organizations/${encodeURIComponent(details.orgSlug)}/`, 303);
	});
