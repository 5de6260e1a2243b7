/**
 * Hosts that reach the control worker (CONTROL mode): ingest hosts go to the relay of the region they
 * name (legacy ones to SENTRY_MONOLITH_REGION), and `<slug>.<domain>` hosts to the organization's region.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, it } from "vitest";
import { createApiToken } from "../../../workers/control/api-tokens";
import { controlApp } from "../../../workers/control/app";
import { createOrganization } from "../../../workers/control/organizations";
import { createUser } from "../../../workers/control/users";
import { controlDb } from "../../../workers/lib/db";
import { GATEWAY_IDENTITY_HEADER, GatewayIdentity } from "../../../workers/lib/gateway-identity";
import { settingsOf } from "../../../workers/lib/settings";
import { createTenant, envelopeBody, type Tenant } from "../tenant";

const secret = env.TEST_RPC_SHARED_SECRET;
const control = controlDb("MONOLITH", env.CONTROL_DB);
/** The identity the gateway sends over a service binding (unsigned: only control is bound to a region). */
const identityOf = (request: Request) => {
	const header = request.headers.get(GATEWAY_IDENTITY_HEADER);
	return header === null ? undefined : GatewayIdentity.parse(JSON.parse(header));
};

/** What reached each binding: the relay bindings pass on to the monolith's real relay. */
const reached: { binding: string; host: string; path: string; organizationId?: number | undefined }[] = [];
const relay = (binding: string) => ({
	fetch(request: Request) {
		const url = new URL(request.url);
		reached.push({ binding, host: url.host, path: url.pathname });
		return exports.default.fetch(new Request(`http://127.0.0.1:8787${url.pathname}${url.search}`, request));
	},
});
const region = (binding: string) => ({
	rpc: (method: string, input: unknown) => exports.RegionRpc.rpc(method, input),
	async fetch(request: Request) {
		const url = new URL(request.url);
		const identity = identityOf(request);
		reached.push({ binding, host: url.host, path: url.pathname, organizationId: identity?.organizationId });
		return Response.json({ forwarded: true });
	},
});
const controlEnv = {
	...env,
	SILO_MODE: "CONTROL",
	SENTRY_REGION: "",
	FAULTLINE_URL: "https://faultline.example",
	SENTRY_MONOLITH_REGION: "us",
	SENTRY_REGION_CONFIG: JSON.stringify([
		{ name: "us", snowflake_id: 1, address: "https://us.faultline.example", category: "MULTI_TENANT" },
		{ name: "de", snowflake_id: 2, address: "https://de.faultline.example", category: "MULTI_TENANT" },
	]),
	RPC_SHARED_SECRET: secret,
	RELAY_US: relay("RELAY_US"),
	RELAY_DE: relay("RELAY_DE"),
	REGION_RPC_US: region("REGION_RPC_US"),
	REGION_RPC_DE: region("REGION_RPC_DE"),
};
const at = (host: string, path: string, init: RequestInit = {}) =>
	controlApp.fetch(new Request(`https://${host}${path}`, init), controlEnv);

let tenant: Tenant;
let token = "";
const organizations = { us: 0, de: 0 };

beforeAll(async () => {
	tenant = await createTenant("hosts-ingest");
	const user = await createUser(control, { email: "hosts@example.com", password: "password123" });
	token = await createApiToken(control, user.id);
	const settings = settingsOf(controlEnv);
	for (const [slug, regionName] of [
		["hosts-us", "us"],
		["hosts-de", "de"],
	] as const) {
		const mapping = await createOrganization(control, settings, { slug, name: slug, regionName, ownerUserId: user.id });
		organizations[regionName] = mapping.organizationId;
	}
});

describe("ingest that reaches control", () => {
	const envelope = () => envelopeBody({ event_id: "a".repeat(32) }, [[{ type: "event" }, { message: "routed" }]]);

	it("sends the legacy /api/<project>/… on the control host to SENTRY_MONOLITH_REGION's relay", async ({ expect }) => {
		reached.length = 0;
		const response = await at(
			"faultline.example",
			`/api/${tenant.project.id}/envelope/?sentry_key=${tenant.key.publicKey}`,
			{ method: "POST", body: envelope() },
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ id: "a".repeat(32) });
		expect(reached).toEqual([
			{ binding: "RELAY_US", host: "faultline.example", path: `/api/${tenant.project.id}/envelope/` },
		]);
	});

	it("sends o<org>.ingest.<region>.<domain> to that region's relay, o<org>.ingest.<domain> to the monolith region's", async ({
		expect,
	}) => {
		reached.length = 0;
		await at("o5.ingest.de.faultline.example", "/api/1/envelope/", { method: "POST", body: envelope() });
		await at("o5.ingest.faultline.example", "/api/1/envelope/", { method: "POST", body: envelope() });
		expect(reached.map((hit) => [hit.binding, hit.host])).toEqual([
			["RELAY_DE", "o5.ingest.de.faultline.example"],
			["RELAY_US", "o5.ingest.faultline.example"],
		]);
	});

	it("leaves the Web API on the control host alone", async ({ expect }) => {
		reached.length = 0;
		const index = await at("faultline.example", "/api/0/");
		expect(await index.json()).toMatchObject({ version: "0" });
		expect(reached).toEqual([]);
	});
});

describe("<slug>.<domain> hosts", () => {
	it("go to the organization's region", async ({ expect }) => {
		reached.length = 0;
		const de = await at("hosts-de.faultline.example", "/api/0/organizations/hosts-de/projects/", {
			headers: { authorization: `Bearer ${token}` },
		});
		const us = await at("hosts-us.faultline.example", "/api/0/projects/hosts-us/web/keys/", {
			headers: { authorization: `Bearer ${token}` },
		});
		expect([de.status, us.status]).toEqual([200, 200]);
		expect(reached).toEqual([
			{
				binding: "REGION_RPC_DE",
				host: "hosts-de.faultline.example",
				path: "/api/0/organizations/hosts-de/projects/",
				organizationId: organizations.de,
			},
			{
				binding: "REGION_RPC_US",
				host: "hosts-us.faultline.example",
				path: "/api/0/projects/hosts-us/web/keys/",
				organizationId: organizations.us,
			},
		]);
	});

	it("answer 404 when the path names another organization, even one the caller belongs to", async ({ expect }) => {
		reached.length = 0;
		const response = await at("hosts-de.faultline.example", "/api/0/organizations/hosts-us/projects/", {
			headers: { authorization: `Bearer ${token}` },
		});
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ detail: "The requested resource does not exist" });
		expect(reached).toEqual([]);
	});

	it("cannot be taken by an organization: region names and service hosts are reserved slugs", async ({ expect }) => {
		for (const [body, slug] of [
			[{ name: "API" }, "api"],
			[{ name: "de" }, "de"],
			[{ name: "Ingest" }, "ingest"],
			[{ name: "World Wide", slug: "www" }, "www"],
		] as const) {
			const response = await at("faultline.example", "/api/0/organizations/", {
				method: "POST",
				headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
				body: JSON.stringify(body),
			});
			expect(response.status).toBe(400);
			expect(await response.json()).toEqual({
				detail: `The slug "${slug}" is reserved: it names a region or a service host`,
			});
		}
	});
});
