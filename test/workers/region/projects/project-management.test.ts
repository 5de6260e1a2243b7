import { beforeAll, describe, expect, it } from "vitest";
import { randomHex } from "../../../../workers/lib/crypto";
import { forgetProjectConfigs } from "../../../../workers/relay/project-configs";
import { api, createTenant, envelopeBody, type Tenant } from "../../tenant";

let owner: Tenant;
let stranger: Tenant;

const post = (path: string, token: string, body: object, method = "POST") =>
	api(path, token, { method, body: JSON.stringify(body) });
const ingest = (projectId: string, publicKey: string) =>
	import("cloudflare:workers").then(({ exports }) =>
		exports.default.fetch(`http://127.0.0.1:8787/api/${projectId}/envelope/?sentry_key=${publicKey}`, {
			method: "POST",
			body: envelopeBody({ event_id: randomHex(16) }, [[{ type: "event" }, { message: "hello" }]]),
		}),
	);

beforeAll(async () => {
	owner = await createTenant("managed");
	stranger = await createTenant("elsewhere");
});

describe("project and key management", () => {
	it("creates a project with a key whose DSN works at once", async () => {
		const created = await post("/api/0/teams/managed/default/projects/", owner.token, {
			name: "Mobile App",
			platform: "react-native",
		});
		expect(created.status).toBe(201);
		const project = (await created.json()) as { id: string; slug: string };
		expect(project.slug).toBe("mobile-app");
		const keys = (await (await api("/api/0/projects/managed/mobile-app/keys/", owner.token)).json()) as {
			public: string;
			dsn: { public: string };
		}[];
		expect(keys).toHaveLength(1);
		expect((await ingest(project.id, keys[0]?.public ?? "")).status).toBe(200);
		expect((await post("/api/0/teams/managed/default/projects/", owner.token, { name: "Mobile App" })).status).toBe(
			409,
		);
	});

	it("creates, disables, re-enables and deletes keys, and the relay follows", async () => {
		const created = await post("/api/0/projects/managed/web/keys/", owner.token, { name: "CI" });
		expect(created.status).toBe(201);
		const key = (await created.json()) as { id: string; name: string; isActive: boolean };
		expect(key).toMatchObject({ name: "CI", isActive: true });
		const projectId = String(owner.project.id);
		expect((await ingest(projectId, key.id)).status).toBe(200);

		const disabled = await post(`/api/0/projects/managed/web/keys/${key.id}/`, owner.token, { isActive: false }, "PUT");
		expect(await disabled.json()).toMatchObject({ isActive: false });
		forgetProjectConfigs();
		expect((await ingest(projectId, key.id)).status).toBe(403);

		await post(
			`/api/0/projects/managed/web/keys/${key.id}/`,
			owner.token,
			{ isActive: true, rateLimit: { count: 100, window: 60 } },
			"PUT",
		);
		forgetProjectConfigs();
		expect((await ingest(projectId, key.id)).status).toBe(200);

		expect((await api(`/api/0/projects/managed/web/keys/${key.id}/`, owner.token, { method: "DELETE" })).status).toBe(
			204,
		);
		forgetProjectConfigs();
		expect((await ingest(projectId, key.id)).status).toBe(403);
	});

	it("updates allowed domains, which the relay enforces", async () => {
		const updated = await post(
			"/api/0/projects/managed/web/",
			owner.token,
			{ allowedDomains: ["app.example.com"] },
			"PUT",
		);
		expect(await updated.json()).toMatchObject({ allowedDomains: ["app.example.com"] });
		forgetProjectConfigs();
		const { exports } = await import("cloudflare:workers");
		const fromEvil = await exports.default.fetch(
			`http://127.0.0.1:8787/api/${owner.project.id}/envelope/?sentry_key=${owner.key.publicKey}`,
			{
				method: "POST",
				headers: { origin: "https://evil.test" },
				body: "{}\n",
			},
		);
		expect(fromEvil.status).toBe(403);
	});

	it("is refused to other organizations (404) and anonymous callers (401)", async () => {
		const attempts: [string, string, object][] = [
			["POST", "/api/0/teams/managed/default/projects/", { name: "Sneaky" }],
			["PUT", "/api/0/projects/managed/web/", { name: "Renamed" }],
			["POST", "/api/0/projects/managed/web/keys/", {}],
			["PUT", `/api/0/projects/managed/web/keys/${owner.key.publicKey}/`, { isActive: false }],
			["DELETE", `/api/0/projects/managed/web/keys/${owner.key.publicKey}/`, {}],
		];
		for (const [method, path, body] of attempts) {
			const init = method === "DELETE" ? { method } : { method, body: JSON.stringify(body) };
			expect([path, (await api(path, stranger.token, init)).status]).toEqual([path, 404]);
			expect([path, (await api(path, undefined, init)).status]).toEqual([path, 401]);
		}
	});
});
