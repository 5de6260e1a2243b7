/**
 * Who is calling the Web API: a bearer API token, or a login session cookie. Requests that change
 * something on the strength of a cookie must echo the CSRF token in `X-CSRFToken`. The scopes here
 * are the credentials'; in an organization they are narrowed to the caller's role (lib/scopes.ts).
 */
import { createMiddleware } from "hono/factory";
import { controlDb } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { RegionRpcResolver } from "../lib/rpc/clients";
import { ALL_SCOPES } from "../lib/scopes";
import { settingsOf } from "../lib/settings";
import { authenticateToken } from "./api-tokens";
import { CSRF_HEADER, csrfMatches, sessionCookie } from "./cookies";
import type { ControlBindings } from "./env";
import { sessionUser } from "./sessions";

type User = NonNullable<Awaited<ReturnType<typeof sessionUser>>>;
export interface ApiAuth {
	user: User;
	scopes: string[];
	via: "token" | "session";
}
export type ControlAppEnv = {
	Bindings: ControlBindings;
	Variables: { auth: ApiAuth | undefined; regionRpc: RegionRpcResolver };
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const apiAuth = () =>
	createMiddleware<ControlAppEnv>(async (c, next) => {
		const db = () => controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB);
		const [scheme, token] = (c.req.header("authorization") ?? "").split(/\s+/, 2);
		let auth: ApiAuth | undefined;
		if (scheme?.toLowerCase() === "bearer" && token) {
			const found = await authenticateToken(db(), token);
			if (found) auth = { user: found.user, scopes: found.scopes, via: "token" };
		} else {
			const cookie = sessionCookie(c);
			const user = cookie ? await sessionUser(db(), cookie) : undefined;
			if (user) {
				if (!SAFE_METHODS.has(c.req.method) && !csrfMatches(c, c.req.header(CSRF_HEADER))) {
					throw new ApiError(403, "CSRF Failed: CSRF token missing or incorrect.");
				}
				// A session may do whatever the user's role allows in each organization.
				auth = { user, scopes: [...ALL_SCOPES], via: "session" };
			}
		}
		c.set("auth", auth);
		await next();
	});

/** Refuses anonymous callers before anything else looks at the request (e.g. body validation). */
export const authenticated = () =>
	createMiddleware<ControlAppEnv>(async (c, next) => {
		requireAuth(c.get("auth"));
		await next();
	});

export function requireAuth(auth: ApiAuth | undefined): ApiAuth {
	if (!auth) throw new ApiError(401, "Authentication credentials were not provided.");
	return auth;
}

/** Only a logged-in session (cookie + CSRF) passes, as Sentry's token management endpoints: a token cannot mint or revoke tokens. */
export const sessionOnly = () =>
	createMiddleware<ControlAppEnv>(async (c, next) => {
		if (requireAuth(c.get("auth")).via !== "session") {
			throw new ApiError(403, "This endpoint requires a logged-in session, not an API token.");
		}
		await next();
	});
