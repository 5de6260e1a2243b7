import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { organizationMemberMappings } from "../../../schema/control";
import { createApiToken } from "../../../workers/control/api-tokens";
import { controlApp } from "../../../workers/control/app";
import { createOrganization } from "../../../workers/control/organizations";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";
import { GATEWAY_IDENTITY_HEADER, GatewayIdentity } from "../../../workers/lib/gateway-identity";
import { settingsOf } from "../../../workers/lib/settings";

const secret = env.TEST_RPC_SHARED_SECRET;
const control = controlDb("MONOLITH", env.CONTROL_DB);
/** The identity the gateway sends over a service binding (unsigned: only control is bound to a region). */
const identityOf = (request: Request) => {
	const header = request.headers.get(GATEWAY_IDENTITY_HEADER);
	return header === null ? undefined : GatewayIdentity.parse(JSON.parse(header));
};

/** What reached the region, as the region sees it: path, the verified identity and the credentials. */
const received: { path: string; identity: GatewayIdentity | undefined; authorization: string | null }[] = [];
const regionBinding = {
	rpc: (method: string, input: unknown) => exports.RegionRpc.rpc(method, input),
	async fetch(request: Request) {
		const url = new URL(request.url);
		received.push({
			path: url.pathname + url.search,
			identity: identityOf(request),
			authorization: request.headers.get("authorization"),
		});
		return Response.json({ forwarded: true }, { headers: { "x-region": "us" } });
	},
};
const controlEnv = {
	...env,
	SILO_MODE: "CONTROL",
	SENTRY_REGION: "",
	RPC_SHARED_SECRET: secret,
	REGION_RPC_US: regionBinding,
};
const tokens = { member: "", outsider: "", plainMember: "" };
let organizationId = 0;

const call = (path: string, token: string, init: RequestInit = {}) =>
	controlApp.fetch(
		new Request(`http://faultline.test${path}`, {
			...init,
			headers: { authorization: `Bearer ${token}`, ...init.headers },
		}),
		controlEnv,
	);

beforeAll(async () => {
	const member = await createUser(control, { email: "member@x.io", password: "password123" });
	const outsider = await createUser(control, { email: "outsider@x.io", password: "password123" });
	tokens.member = await createApiToken(control, member.id);
	tokens.outsider = await createApiToken(control, outsider.id);
	const mapping = await createOrganization(control, settingsOf(env), {
		slug: "acme",
		name: "Acme",
		regionName: "us",
		ownerUserId: member.id,
	});
	organizationId = mapping.organizationId;
	const plainMember = await createUser(control, { email: "plain@x.io", password: "password123" });
	tokens.plainMember = await createApiToken(control, plainMember.id);
	await control.insert(organizationMemberMappings).values({ organizationId, userId: plainMember.id, role: "member" });
});

describe("the API gateway (CONTROL mode)", () => {
	it("forwards a member's call to the owning region with a signed identity and no credentials", async ({ expect }) => {
		received.length = 0;
		const response = await call("/api/0/organizations/acme/issues/?query=is%3Aunresolved", tokens.member);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ forwarded: true });
		expect(response.headers.get("x-sentry-proxy-url")).toBe(
			"http://127.0.0.1:8787/api/0/organizations/acme/issues/?query=is%3Aunresolved",
		);
		expect(received).toEqual([
			{
				path: "/api/0/organizations/acme/issues/?query=is%3Aunresolved",
				identity: {
					userId: expect.any(Number),
					email: "member@x.io",
					name: "",
					scopes: expect.any(Array),
					organizationId,
					role: "owner",
				},
				authorization: null,
			},
		]);
	});

	it("forwards project routes and bodies too", async ({ expect }) => {
		received.length = 0;
		const response = await call("/api/0/projects/acme/web/issues/?id=1", tokens.member, {
			method: "PUT",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ status: "resolved" }),
		});
		expect(response.status).toBe(200);
		expect(received[0]?.identity?.organizationId).toBe(organizationId);
	});

	it("answers 404 to a non-member and 401 to anonymous callers, forwarding nothing", async ({ expect }) => {
		received.length = 0;
		const foreign = await call("/api/0/organizations/acme/issues/", tokens.outsider);
		expect(foreign.status).toBe(404);
		const unknown = await call("/api/0/organizations/nope/issues/", tokens.member);
		expect(unknown.status).toBe(404);
		expect(await foreign.json()).toEqual(await unknown.json());
		const anonymous = await controlApp.fetch(
			new Request("http://faultline.test/api/0/organizations/acme/"),
			controlEnv,
		);
		expect(anonymous.status).toBe(401);
		expect(received).toEqual([]);
	});

	it("drops identity headers a client forged", async ({ expect }) => {
		received.length = 0;
		const forged = JSON.stringify({ userId: 999, email: "x", name: "", scopes: [], organizationId, role: "owner" });
		await call("/api/0/organizations/acme/", tokens.member, { headers: { "x-faultline-gateway-identity": forged } });
		expect(received[0]?.identity?.email).toBe("member@x.io");
	});

	it("signs a member's token scopes narrowed to the member role", async ({ expect }) => {
		received.length = 0;
		expect((await call("/api/0/organizations/acme/projects/", tokens.plainMember)).status).toBe(200);
		const identity = received[0]?.identity;
		expect(identity?.role).toBe("member");
		expect(identity?.scopes).toContain("project:read");
		expect(identity?.scopes).not.toContain("project:write");
		expect(identity?.scopes).not.toContain("member:admin");
	});
});
