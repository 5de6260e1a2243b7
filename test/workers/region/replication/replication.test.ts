import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokenReplicas, userReplicas } from "../../../../schema/region";
import { createApiToken, revokeApiToken } from "../../../../workers/control/api-tokens";
import { acceptInvite, inviteMember } from "../../../../workers/control/invites";
import { removeMember } from "../../../../workers/control/members";
import { createOrganization, drainControlOutbox } from "../../../../workers/control/organizations";
import { createUser, setUserActive } from "../../../../workers/control/users";
import { sha256Hex } from "../../../../workers/lib/crypto";
import { controlDb, regionDb } from "../../../../workers/lib/db";
import { settingsOf } from "../../../../workers/lib/settings";
import { monolithRegionRpc } from "../../../../workers/monolith/rpc";
import { regionApp } from "../../../../workers/region/app";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const region = regionDb("MONOLITH", env.REGION_DB);
/** The region worker as deployed on its own: REGION mode, no control database. */
const regionEnv = {
	...env,
	SILO_MODE: "REGION",
	SENTRY_REGION: "us",
	RPC_SHARED_SECRET: env.TEST_RPC_SHARED_SECRET,
	CONTROL_DB: undefined,
};
const direct = (path: string, token: string) =>
	regionApp.fetch(
		new Request(`http://us.faultline.test${path}`, { headers: { authorization: `Bearer ${token}` } }),
		regionEnv,
	);
const drain = () => drainControlOutbox(control, monolithRegionRpc(env));

let ownerId = 0;
let earlyToken = "";

beforeAll(async () => {
	ownerId = (await createUser(control, { email: "replicated@example.com", password: "password123" })).id;
	earlyToken = await createApiToken(control, ownerId);
	await createOrganization(control, settingsOf(env), {
		slug: "replicated",
		name: "Replicated",
		regionName: "us",
		ownerUserId: ownerId,
	});
	await drain();
});

describe("token and membership replicas", () => {
	it("let the region authenticate a direct call with a token made before the organization", async () => {
		const response = await direct("/api/0/organizations/replicated/projects/", earlyToken);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual([]);
	});

	it("carry only hashes to the region", async () => {
		const replicas = await region.select().from(apiTokenReplicas);
		expect(replicas.map((replica) => replica.hashedToken)).toContain(await sha256Hex(earlyToken));
		expect(JSON.stringify(replicas)).not.toContain(earlyToken);
	});

	it("reach the region for tokens made later, and revocation reaches it too", async () => {
		const later = await createApiToken(control, ownerId);
		expect((await direct("/api/0/organizations/replicated/projects/", later)).status).toBe(401);
		await drain();
		expect((await direct("/api/0/organizations/replicated/projects/", later)).status).toBe(200);

		const tokens = await control.query.apiTokens.findMany({
			where: (table, { eq: equals }) => equals(table.userId, ownerId),
		});
		const laterRow = tokens.find((token) => token.tokenLastCharacters === later.slice(-4));
		expect(await revokeApiToken(control, ownerId, laterRow?.id ?? 0)).toBe(true);
		await drain();
		const revoked = await direct("/api/0/organizations/replicated/projects/", later);
		expect(revoked.status).toBe(401);
		expect(await revoked.json()).toEqual({ detail: "Authentication credentials were not provided." });
		expect(
			await region
				.select()
				.from(apiTokenReplicas)
				.where(eq(apiTokenReplicas.hashedToken, await sha256Hex(later))),
		).toEqual([]);
	});

	it("refuse a replicated token of someone who is not a member with 404", async () => {
		const outsider = await createUser(control, { email: "outsider-r@example.com", password: "password123" });
		await createOrganization(control, settingsOf(env), {
			slug: "outsiders",
			name: "Outsiders",
			regionName: "us",
			ownerUserId: outsider.id,
		});
		const outsiderToken = await createApiToken(control, outsider.id);
		await drain();
		expect((await direct("/api/0/organizations/outsiders/projects/", outsiderToken)).status).toBe(200);
		expect((await direct("/api/0/organizations/replicated/projects/", outsiderToken)).status).toBe(404);
	});
});

describe("revocation and deactivation, whatever the membership history", () => {
	type Mapping = Awaited<ReturnType<typeof createOrganization>>;
	type User = Awaited<ReturnType<typeof createUser>>;

	/** The user joins the organization as its members do: invited by its owner, then accepting. */
	async function join(mapping: Mapping, user: User, inviterId: number) {
		const { memberId, token } = await inviteMember(control, mapping, { email: user.email, role: "member", inviterId });
		await acceptInvite(control, memberId, token, user);
		return { id: memberId };
	}

	/** A member of `slug` (owned by someone else), with a token made while a member. */
	async function memberWithToken(slug: string) {
		const owner = await createUser(control, { email: `owner-${slug}@example.com`, password: "password123" });
		const mapping = await createOrganization(control, settingsOf(env), {
			slug,
			name: slug,
			regionName: "us",
			ownerUserId: owner.id,
		});
		const user = await createUser(control, { email: `member-${slug}@example.com`, password: "password123" });
		const member = await join(mapping, user, owner.id);
		const token = await createApiToken(control, user.id);
		await drain();
		expect((await direct(`/api/0/organizations/${slug}/projects/`, token)).status).toBe(200);
		return { owner, mapping, user, member, token };
	}

	it("revokes a token in a region the user has left, so re-joining does not bring it back", async () => {
		const { owner, mapping, user, member, token } = await memberWithToken("rejoined");
		await removeMember(control, mapping, member.id);
		await drain();
		expect((await direct("/api/0/organizations/rejoined/projects/", token)).status).toBe(404);

		const [row] = await control.query.apiTokens.findMany({
			where: (table, { eq: equals }) => equals(table.userId, user.id),
		});
		expect(await revokeApiToken(control, user.id, row?.id ?? 0)).toBe(true);
		await drain();
		await join(mapping, user, owner.id);
		await drain();

		const revived = await direct("/api/0/organizations/rejoined/projects/", token);
		expect(revived.status).toBe(401);
		expect(await region.select().from(apiTokenReplicas).where(eq(apiTokenReplicas.userId, user.id))).toEqual([]);
	});

	it("stops a deactivated user's tokens on direct calls, and lets them work again once reactivated", async () => {
		const { user, token } = await memberWithToken("deactivated");
		await setUserActive(control, user.id, false);
		await drain();
		const refused = await direct("/api/0/organizations/deactivated/projects/", token);
		expect(refused.status).toBe(401);

		await setUserActive(control, user.id, true);
		await drain();
		expect((await direct("/api/0/organizations/deactivated/projects/", token)).status).toBe(200);
	});

	it("delivers a deactivation to a region the user has left too", async () => {
		const { mapping, user, member } = await memberWithToken("left-then-off");
		await removeMember(control, mapping, member.id);
		await setUserActive(control, user.id, false);
		await drain();
		expect(await region.select().from(userReplicas).where(eq(userReplicas.userId, user.id))).toEqual([
			{ userId: user.id, isActive: false },
		]);
	});
});
