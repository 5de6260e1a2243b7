/**
 * Cross-silo RPC over its split transports (docs/control.md): signed HTTPS, refused when anything
 * signed was changed, when meant for another region, or replayed; and service bindings, where a
 * relay reaches only its narrow relay service.
 */
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, it } from "vitest";
import type { RpcNonces } from "../../durable-objects/rpc-nonces";
import { controlApp } from "../../workers/control/app";
import { createOrganization } from "../../workers/control/organizations";
import { createUser } from "../../workers/control/users";
import { controlDb } from "../../workers/lib/db";
import { CONTROL_AUDIENCE, regionAudience } from "../../workers/lib/rpc/clients";
import { rpcClient } from "../../workers/lib/rpc/contract";
import { regionService, relayService } from "../../workers/lib/rpc/services";
import { RPC_NONCE_HEADER } from "../../workers/lib/rpc/signing";
import { bindingTransport, httpTransport } from "../../workers/lib/rpc/transports";
import { settingsOf } from "../../workers/lib/settings";
import { monolithApp } from "../../workers/monolith";
import { monolithRegionRpc } from "../../workers/monolith/rpc";
import { createTenant } from "./tenant";

const secret = env.TEST_RPC_SHARED_SECRET;
const relaySecret = env.TEST_RELAY_RPC_SECRET;
const regionEnv = {
	...env,
	SILO_MODE: "REGION",
	SENTRY_REGION: "us",
	RPC_SHARED_SECRET: secret,
	RELAY_RPC_SECRET: relaySecret,
};
const controlEnv = { ...env, SILO_MODE: "CONTROL", SENTRY_REGION: "", RPC_SHARED_SECRET: secret };
/** Every request the transports sent, kept so that tests can send one again. */
const sent: Request[] = [];
const toRegion = async (request: Request) => {
	sent.push(request.clone());
	return monolithApp.fetch(request, regionEnv);
};
const toControl = async (request: Request) => {
	sent.push(request.clone());
	return controlApp.fetch(request, controlEnv);
};

const overHttp = (options: { service?: "region" | "relay"; audience?: string; secret?: string } = {}) =>
	httpTransport({
		service: options.service ?? "region",
		audience: options.audience ?? regionAudience("us"),
		address: "http://region.test",
		secret: options.secret ?? secret,
		send: toRegion,
	});

async function provisionedOrganization(slug: string) {
	const control = controlDb("MONOLITH", env.CONTROL_DB);
	const user = await createUser(control, { email: `${slug}@example.com`, password: "password123" });
	const mapping = await createOrganization(control, settingsOf(env), {
		slug,
		name: slug,
		regionName: "us",
		ownerUserId: user.id,
	});
	await monolithRegionRpc(env)("us").applyControlOutbox({
		id: 0,
		category: "organization.provision",
		objectIdentifier: mapping.organizationId,
		payload: { id: mapping.organizationId, slug, name: slug },
	});
	return mapping.organizationId;
}

describe("signed HTTP transport", () => {
	it("calls the region's RPC endpoint and validates both ends", async ({ expect }) => {
		const organizationId = await provisionedOrganization("over-http");
		const region = rpcClient(regionService, overHttp());
		const project = await region.ensureProject({ organizationId, slug: "web", name: "Web", platform: "javascript" });
		expect(project).toMatchObject({ organizationId, slug: "web", platform: "javascript" });
		expect((await region.ensureProject({ organizationId, slug: "web", name: "Web", platform: null })).id).toBe(
			project.id,
		);
		await expect(
			// The slug breaks the contract: the client refuses it before sending.
			region.ensureProject({ organizationId, slug: "Not A Slug", name: "x", platform: null }),
		).rejects.toThrow();
	});

	it("is refused with another secret or an unknown method", async ({ expect }) => {
		const wrongSecret = rpcClient(regionService, overHttp({ secret: "w".repeat(32) }));
		await expect(wrongSecret.ensureProjectKey({ organizationId: 1, projectId: 1 })).rejects.toThrow(/401/);
		await expect(overHttp()("dropTables", {})).rejects.toThrow(/400.*unknown RPC method/);
	});

	it("refuses a replayed call, and one signed for another region or for control", async ({ expect }) => {
		const organizationId = await provisionedOrganization("replayed");
		const region = rpcClient(regionService, overHttp());
		sent.length = 0;
		await region.ensureProject({ organizationId, slug: "once", name: "Once", platform: null });
		const [original] = sent;
		if (!original) throw new Error("nothing was sent");
		const replay = await monolithApp.fetch(original.clone(), regionEnv);
		expect(replay.status).toBe(401);
		expect(await replay.json()).toEqual({ detail: "invalid RPC signature" });

		for (const audience of [regionAudience("de"), CONTROL_AUDIENCE]) {
			const misdirected = rpcClient(regionService, overHttp({ audience }));
			await expect(misdirected.ensureProject({ organizationId, slug: "x", name: "X", platform: null })).rejects.toThrow(
				/401/,
			);
		}
	});

	it("refuses a call whose body, path or nonce was changed after signing", async ({ expect }) => {
		const organizationId = await provisionedOrganization("tampered");
		sent.length = 0;
		await rpcClient(regionService, overHttp()).ensureProject({ organizationId, slug: "a", name: "A", platform: null });
		const [original] = sent;
		if (!original) throw new Error("nothing was sent");
		const body = await original.clone().text();
		const variants = [
			new Request(original, { body: body.replace('"slug":"a"', '"slug":"b"') }),
			new Request(original.url.replace("ensureProject", "ensureProjectKey"), original.clone()),
			new Request(original.url, { method: "POST", headers: new Headers(original.headers), body }),
		];
		variants[2]?.headers.set(RPC_NONCE_HEADER, "0".repeat(32));
		for (const variant of variants) expect((await monolithApp.fetch(variant, regionEnv)).status).toBe(401);
	});

	it("signs region → control calls for control, which refuses them replayed", async ({ expect }) => {
		sent.length = 0;
		const control = httpTransport({
			service: "control",
			audience: CONTROL_AUDIENCE,
			address: "http://control.test",
			secret,
			send: toControl,
		});
		// An unknown organization changes nothing: control answers ok, once.
		const update = {
			id: 1,
			category: "organization.update",
			objectIdentifier: 1,
			payload: { id: 1, slug: "x", name: "X" },
		};
		expect(await control("applyRegionOutbox", update)).toEqual({ ok: true });
		const [original] = sent;
		if (!original) throw new Error("nothing was sent");
		expect((await controlApp.fetch(original.clone(), controlEnv)).status).toBe(401);
	});
});

describe("the nonce ledger (RpcNonces)", () => {
	it("accepts a nonce once until it expires, then forgets it at its alarm", async ({ expect }) => {
		const nonces = env.RPC_NONCES;
		if (!nonces) throw new Error("RPC_NONCES is not bound");
		const stub = nonces.get(nonces.idFromName("ledger-test"));
		const expiresAt = Date.now() + 300_000;
		expect(await stub.claim("a".repeat(32), expiresAt)).toBe(true);
		expect(await stub.claim("a".repeat(32), expiresAt)).toBe(false);
		const alarm = await runInDurableObject(stub, async (instance, state) => {
			state.storage.sql.exec("INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)", "b".repeat(32), Date.now() - 1);
			await (instance as unknown as RpcNonces).alarm();
			return state.storage.getAlarm();
		});
		expect(alarm).toBe(expiresAt);
		expect(await stub.claim("b".repeat(32), expiresAt)).toBe(true);
		expect(await stub.claim("a".repeat(32), expiresAt)).toBe(false);
	});
});

describe("the relay's service", () => {
	it("answers project configs over HTTP signed with RELAY_RPC_SECRET, and nothing of the region service", async ({
		expect,
	}) => {
		const tenant = await createTenant("relay-secret");
		const relay = rpcClient(relayService, overHttp({ service: "relay", secret: relaySecret }));
		expect(await relay.getProjectConfig({ publicKey: tenant.key.publicKey })).toMatchObject({
			projectId: tenant.project.id,
		});
		// The relay's secret opens no region method, and the shared secret does not open the relay path.
		const asRegion = rpcClient(regionService, overHttp({ secret: relaySecret }));
		await expect(
			asRegion.applyControlOutbox({ id: 1, category: "apitoken.upsert", objectIdentifier: 1, payload: {} }),
		).rejects.toThrow(/401/);
		await expect(
			overHttp({ service: "relay" })("getProjectConfig", { publicKey: tenant.key.publicKey }),
		).rejects.toThrow(/401/);
		await expect(overHttp({ service: "relay", secret: relaySecret })("applyControlOutbox", { id: 1 })).rejects.toThrow(
			/400.*unknown RPC method/,
		);
	});
});

describe("service binding transport", () => {
	it("calls the RegionRpc entrypoint", async ({ expect }) => {
		const organizationId = await provisionedOrganization("over-binding");
		const region = rpcClient(regionService, bindingTransport(exports.RegionRpc));
		const project = await region.ensureProject({ organizationId, slug: "api", name: "API", platform: "node" });
		const key = await region.ensureProjectKey({ organizationId, projectId: project.id });
		expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
		expect((await region.ensureProjectKey({ organizationId, projectId: project.id })).id).toBe(key.id);
	});

	it("gives a relay's RelayRpc entrypoint getProjectConfig only", async ({ expect }) => {
		const tenant = await createTenant("relay-binding");
		const relay = bindingTransport(exports.RelayRpc);
		expect(await relay("getProjectConfig", { publicKey: tenant.key.publicKey })).toMatchObject({
			projectId: tenant.project.id,
		});
		// Writing token replicas is the region service's: the relay's entrypoint does not know the method.
		const answer = await relay("applyControlOutbox", {}).then(
			() => "answered",
			(error: Error) => error.message,
		);
		expect(answer).toBe('unknown RPC method "applyControlOutbox"');
	});
});
