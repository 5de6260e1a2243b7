/** A user, an API token, an organization with a project and a DSN key, made the way control and the region make them. */
import { env } from "cloudflare:workers";
import { createApiToken } from "../../workers/control/api-tokens";
import { createOrganization, drainControlOutbox } from "../../workers/control/organizations";
import { createUser } from "../../workers/control/users";
import { bytesToBase64 } from "../../workers/lib/base64";
import { randomHex } from "../../workers/lib/crypto";
import { controlDb } from "../../workers/lib/db";
import { type Envelope, serializeEnvelope } from "../../workers/lib/envelope";
import type { IngestEnvelopeMessage } from "../../workers/lib/messages";
import { settingsOf } from "../../workers/lib/settings";
import { monolithRegionRpc } from "../../workers/monolith/rpc";
import { Browser } from "./browser";

export async function createTenant(slug: string) {
	const control = controlDb("MONOLITH", env.CONTROL_DB);
	const user = await createUser(control, { email: `${slug}@example.com`, password: "password123" });
	const token = await createApiToken(control, user.id);
	const mapping = await createOrganization(control, settingsOf(env), {
		slug,
		name: slug,
		regionName: "us",
		ownerUserId: user.id,
	});
	const regionRpc = monolithRegionRpc(env);
	await drainControlOutbox(control, regionRpc);
	const project = await regionRpc("us").ensureProject({
		organizationId: mapping.organizationId,
		slug: "web",
		name: "Web",
		platform: "javascript",
	});
	const key = await regionRpc("us").ensureProjectKey({ organizationId: mapping.organizationId, projectId: project.id });
	return { slug, userId: user.id, token, organizationId: mapping.organizationId, project, key };
}
export type Tenant = Awaited<ReturnType<typeof createTenant>>;

/**
 * Sentry's invite flow for a user who has an account: the tenant's owner invites the address, and
 * the user, logged in, accepts through the invite link. Answers the member's id and the browser.
 */
export async function joinAsMember(tenant: Tenant, user: { email: string; password: string }, role = "member") {
	const invited = await api(`/api/0/organizations/${tenant.slug}/members/`, tenant.token, {
		method: "POST",
		body: JSON.stringify({ email: user.email, role }),
	});
	if (invited.status !== 201) throw new Error(`inviting failed: ${invited.status} ${await invited.text()}`);
	const { id, invite_link } = (await invited.json()) as { id: string; invite_link: string };
	const browser = new Browser();
	const login = await browser.login(user.email, user.password);
	if (login.status !== 302) throw new Error(`logging in as ${user.email} failed: ${login.status}`);
	const accepted = await browser.api(acceptPath(invite_link), { method: "POST" });
	if (accepted.status !== 204) throw new Error(`accepting failed: ${accepted.status} ${await accepted.text()}`);
	return { id, browser };
}

/** The accept-invite API path of an invite link (`/accept/<member>/<token>/`). */
export const acceptPath = (inviteLink: string) =>
	`/api/0/accept-invite/${new URL(inviteLink).pathname.slice("/accept/".length)}`;

export const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
	import("cloudflare:workers").then(({ exports }) =>
		exports.default.fetch(`http://127.0.0.1:8787${path}`, {
			...init,
			headers: {
				"content-type": "application/json",
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...init.headers,
			},
		}),
	);

/** An envelope as SDKs send it: header line, then items without `length`. */
export function envelopeBody(headers: object, items: [object, string | object][]): string {
	return [
		JSON.stringify(headers),
		...items.flatMap(([header, payload]) => [
			JSON.stringify(header),
			typeof payload === "string" ? payload : JSON.stringify(payload),
		]),
	].join("\n");
}

export const sendEnvelope = (
	tenant: Tenant,
	body: BodyInit,
	init: RequestInit = {},
	query = `sentry_key=${tenant.key.publicKey}&sentry_version=7`,
) =>
	import("cloudflare:workers").then(({ exports }) =>
		exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/envelope/?${query}`, {
			method: "POST",
			body,
			...init,
		}),
	);

/** Polls `read` until `done` holds for its value (the queue consumer works in the background); else fails with `failure`. */
export async function waitFor<T>(
	failure: string,
	read: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 5000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`${failure} (last value ${JSON.stringify(value)})`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** Waits for the queue consumer: polls the Web API until the event is readable. */
export async function storedEvent(tenant: Tenant, eventId: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
	const response = await waitFor(
		`event ${eventId} was not stored`,
		() => api(`/api/0/projects/${tenant.slug}/web/events/${eventId}/`, tenant.token),
		(response) => response.status === 200,
		timeoutMs,
	);
	return (await response.json()) as Record<string, unknown>;
}

/** The organization's outcome totals through the Web API's stats_v2, keyed `outcome/reason/category`. */
export async function outcomeTotals(tenant: Tenant): Promise<Record<string, number>> {
	const response = await api(
		`/api/0/organizations/${tenant.slug}/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=reason&groupBy=category&statsPeriod=24h&interval=1h`,
		tenant.token,
	);
	const stats = (await response.json()) as {
		groups: { by: { outcome: string; reason: string; category: string }; totals: Record<string, number> }[];
	};
	return Object.fromEntries(
		stats.groups.map(({ by, totals }) => [`${by.outcome}/${by.reason}/${by.category}`, totals["sum(quantity)"] ?? 0]),
	);
}

/**
 * Waits for the queue consumer to count outcomes: polls the stats API until `ready` holds, then
 * returns the totals (the last ones read if it never did, for the caller's assertion to show).
 */
export async function outcomesOnce(
	tenant: Tenant,
	ready: (totals: Record<string, number>) => boolean,
	timeoutMs = 5000,
): Promise<Record<string, number>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const totals = await outcomeTotals(tenant);
		if (ready(totals) || Date.now() > deadline) return totals;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The `ingest-<region>` queue message the relay would send for `envelope`, to the tenant's project. */
export function queueMessage(tenant: Tenant, envelope: Envelope, eventId = randomHex(16)): IngestEnvelopeMessage {
	return {
		type: "ingest.envelope",
		v: 1,
		eventId,
		receivedAt: Date.now(),
		organizationId: tenant.organizationId,
		projectId: tenant.project.id,
		keyId: tenant.key.id,
		envelope: bytesToBase64(serializeEnvelope(envelope)),
	};
}
