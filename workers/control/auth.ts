/** Who is calling the Web API: a bearer API token (sessions arrive with the login pages). */
import { createMiddleware } from "hono/factory";
import { controlDb } from "../lib/db";
import { settingsOf } from "../lib/settings";
import { authenticateToken } from "./api-tokens";
import type { ControlBindings } from "./env";

export type ApiAuth = NonNullable<Awaited<ReturnType<typeof authenticateToken>>>;
export type ControlAppEnv = { Bindings: ControlBindings; Variables: { auth: ApiAuth | undefined } };

export const apiAuth = () =>
	createMiddleware<ControlAppEnv>(async (c, next) => {
		const header = c.req.header("authorization") ?? "";
		const [scheme, token] = header.split(/\s+/, 2);
		let auth: ApiAuth | undefined;
		if (scheme?.toLowerCase() === "bearer" && token) {
			auth = await authenticateToken(controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB), token);
		}
		c.set("auth", auth);
		await next();
	});
