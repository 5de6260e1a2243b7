import { describe, inject, it } from "vitest";

const stack = inject("stack");
const startOutput = inject("startOutput");

describe("npm start", () => {
	it("serves the API index, which knows the bootstrap token's user", async ({ expect }) => {
		const anonymous = await fetch(`${stack.url}/api/0/`);
		expect(anonymous.status).toBe(200);
		expect(await anonymous.json()).toEqual({ version: "0", auth: null, user: null });

		const response = await fetch(`${stack.url}/api/0/`, { headers: { authorization: `Bearer ${stack.token}` } });
		expect(response.status).toBe(200);
		const body = (await response.json()) as { user: { email: string }; auth: { scopes: string[] } };
		expect(body.user.email).toBe(stack.email);
		expect(body.auth.scopes).toContain("project:write");
	});

	it("prints the DSN, the login and the token it set up", ({ expect }) => {
		expect(startOutput).toContain(`Faultline is running at ${stack.url}`);
		expect(startOutput).toContain(`DSN      ${stack.dsn}\n`);
		expect(startOutput).toContain(`login    ${stack.email} / ${stack.password}`);
		expect(startOutput).toContain(`token    ${stack.token}`);
	});

	it("raises no false alarm: no warning from the migration and bootstrap step", ({ expect }) => {
		expect(startOutput).not.toMatch(/warning|will not work|will fail/i);
	});

	it("prints a DSN for the default project on this server", ({ expect }) => {
		const dsn = new URL(stack.dsn);
		expect(dsn.username).toMatch(/^[0-9a-f]{32}$/);
		expect(dsn.host).toBe(new URL(stack.url).host);
		expect(dsn.pathname).toMatch(/^\/\d+$/);
	});
});
