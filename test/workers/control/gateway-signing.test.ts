/**
 * The gateway's identity over HTTPS (docs/control.md): the region's public entry accepts a forwarded
 * request only as the gateway signed it — for this region, with this method, path, query and body —
 * and only once. Built with the gateway's own signedRegionRequest and served by the real region app.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_IDENTITY_HEADER, type GatewayIdentity } from "../../../workers/lib/gateway-identity";
import { type ForwardedRequest, signedRegionRequest } from "../../../workers/lib/rpc/clients";
import { parseSettings } from "../../../workers/lib/settings";
import { regionApp } from "../../../workers/region/app";
import { api, createTenant, type Tenant } from "../tenant";

const secret = env.TEST_RPC_SHARED_SECRET;
const regionEnv = {
	...env,
	SILO_MODE: "REGION",
	SENTRY_REGION: "us",
	RPC_SHARED_SECRET: secret,
	CONTROL_DB: undefined,
};
/** The control silo's settings, with both regions at their own addresses. */
const controlSettings = parseSettings({
	...env,
	SILO_MODE: "CONTROL",
	SENTRY_REGION: "",
	RPC_SHARED_SECRET: secret,
	SENTRY_REGION_CONFIG: JSON.stringify([
		{ name: "us", snowflake_id: 1, address: "https://us.faultline.example", category: "MULTI_TENANT" },
		{ name: "de", snowflake_id: 2, address: "https://de.faultline.example", category: "MULTI_TENANT" },
	]),
});

let tenant: Tenant;
let identity: string;

const forwarded = (method: string, path: string, body?: object): ForwardedRequest => ({
	method,
	url: new URL(`https://faultline.example${path}`),
	headers: new Headers({ "content-type": "application/json" }),
	body: body ? (new TextEncoder().encode(JSON.stringify(body)).buffer as ArrayBuffer) : undefined,
});
const toRegion = (request: Request) => regionApp.fetch(request, regionEnv);
const projectName = async () =>
	((await (await api(`/api/0/projects/${tenant.slug}/web/`, tenant.token)).json()) as { name: string }).name;

beforeAll(async () => {
	tenant = await createTenant("signed-gateway");
	const caller: GatewayIdentity = {
		userId: tenant.userId,
		email: `${tenant.slug}@example.com`,
		name: "",
		scopes: ["org:read", "project:read", "project:write"],
		organizationId: tenant.organizationId,
		role: "owner",
	};
	identity = JSON.stringify(caller);
});

describe("a gateway identity sent over HTTPS", () => {
	it("is accepted once, as signed", async () => {
		const request = await signedRegionRequest(
			controlSettings,
			"us",
			forwarded("GET", `/api/0/organizations/${tenant.slug}/projects/`),
			identity,
		);
		const first = await toRegion(request.clone());
		expect(first.status).toBe(200);
		expect(((await first.json()) as { slug: string }[]).map((project) => project.slug)).toEqual(["web"]);

		const replayed = await toRegion(request);
		expect(replayed.status).toBe(401);
		expect(await replayed.json()).toEqual({ detail: "invalid gateway signature" });
	});

	it("is refused on another query, another region's signature, or without a signature", async () => {
		const path = `/api/0/organizations/${tenant.slug}/projects/`;
		const signed = await signedRegionRequest(controlSettings, "us", forwarded("GET", path), identity);
		const otherQuery = new Request(`${signed.url}?query=elsewhere`, signed);
		expect((await toRegion(otherQuery)).status).toBe(401);

		const forDe = await signedRegionRequest(controlSettings, "de", forwarded("GET", path), identity);
		expect((await toRegion(new Request(`https://us.faultline.example${path}`, forDe))).status).toBe(401);

		const unsigned = new Request(`https://us.faultline.example${path}`, {
			headers: { [GATEWAY_IDENTITY_HEADER]: identity },
		});
		expect((await toRegion(unsigned)).status).toBe(401);
	});

	it("carries the body it was signed with, and a changed body changes nothing", async () => {
		const path = `/api/0/projects/${tenant.slug}/web/`;
		const signed = await signedRegionRequest(
			controlSettings,
			"us",
			forwarded("PUT", path, { name: "Signed" }),
			identity,
		);
		const tampered = new Request(signed, { body: JSON.stringify({ name: "Tampered" }) });
		const refused = await toRegion(tampered);
		expect(refused.status).toBe(401);
		expect(await refused.json()).toEqual({ detail: "the request body is not the one the gateway signed" });
		expect(await projectName()).toBe("Web");

		const accepted = await toRegion(
			await signedRegionRequest(controlSettings, "us", forwarded("PUT", path, { name: "Signed" }), identity),
		);
		expect(accepted.status).toBe(200);
		expect(await projectName()).toBe("Signed");
	});
});
