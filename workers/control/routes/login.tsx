/**
 * Login and logout: the HTML form (`/auth/login/`), and Sentry's API form of the same
 * (`POST /api/0/auth/login/`, `DELETE /api/0/auth/`). Every state-changing post carries the CSRF token.
 */
import { Hono } from "hono";
import { z } from "zod";
import { clientIp } from "../../lib/client-ip";
import { controlDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { settingsOf } from "../../lib/settings";
import { type ControlAppEnv, requireAuth } from "../auth";
import {
	CSRF_FIELD,
	CSRF_HEADER,
	clearSessionCookie,
	csrfMatches,
	csrfToken,
	rotateCsrfToken,
	sessionCookie,
	setSessionCookie,
} from "../cookies";
import { attemptLogin } from "../login";
import { safeNext } from "../safe-next";
import { serializeUser } from "../serializers";
import { createSession, deleteSession } from "../sessions";
import { Layout } from "../ui/layout";
import { securityHeaders } from "../ui/security-headers";

const THROTTLED = "You have made too many failed authentication attempts. Please try again later.";
const INVALID = "Please enter a correct email and password. Note that both fields may be case-sensitive.";

const loginPage = (csrf: string, next: string, error?: string) => (
	<Layout title="Sign in">
		<form class="login card" method="post" action="/auth/login/">
			<h1>Sign in to Faultline</h1>
			{error && (
				<p class="error" role="alert">
					{error}
				</p>
			)}
			<input type="hidden" name={CSRF_FIELD} value={csrf} />
			<input type="hidden" name="next" value={next} />
			<label>
				Email <input type="email" name="email" autocomplete="username" required />
			</label>
			<label>
				Password <input type="password" name="password" autocomplete="current-password" required />
			</label>
			<button class="primary" type="submit">
				Sign in
			</button>
		</form>
	</Layout>
);

const LoginForm = z.object({
	email: z.string().default(""),
	password: z.string().default(""),
	next: z.string().optional(),
	[CSRF_FIELD]: z.string().optional(),
});
const ApiLogin = z.object({ username: z.string(), password: z.string() });

const db = (env: ControlAppEnv["Bindings"]) => controlDb(settingsOf(env).siloMode, env.CONTROL_DB);

export const loginRoutes = new Hono<ControlAppEnv>()
	.use("/auth/*", securityHeaders())
	.get("/auth/login/", (c) => c.html(loginPage(csrfToken(c), safeNext(c.req.query("next")))))
	.post("/auth/login/", async (c) => {
		const form = LoginForm.parse(
			Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)])),
		);
		const next = safeNext(form.next);
		if (!csrfMatches(c, form[CSRF_FIELD])) {
			return c.html(loginPage(csrfToken(c), next, "Your session expired. Please try again."), 403);
		}
		const result = await attemptLogin(db(c.env), {
			...form,
			ip: clientIp(c.req.raw.headers, settingsOf(c.env).trustedProxies),
		});
		if (!result.ok) {
			const status = result.reason === "throttled" ? 429 : 400;
			return c.html(loginPage(csrfToken(c), next, result.reason === "throttled" ? THROTTLED : INVALID), status);
		}
		setSessionCookie(c, await createSession(db(c.env), result.user.id));
		rotateCsrfToken(c);
		return c.redirect(next, 302);
	})
	.post("/auth/logout/", async (c) => {
		const form = await c.req.parseBody();
		if (!csrfMatches(c, String(form[CSRF_FIELD] ?? "")))
			throw new ApiError(403, "CSRF Failed: CSRF token missing or incorrect.");
		const cookie = sessionCookie(c);
		if (cookie) await deleteSession(db(c.env), cookie);
		clearSessionCookie(c);
		return c.redirect("/auth/login/", 302);
	})
	.post("/api/0/auth/login/", async (c) => {
		if (!csrfMatches(c, c.req.header(CSRF_HEADER)))
			throw new ApiError(403, "CSRF Failed: CSRF token missing or incorrect.");
		const body = ApiLogin.safeParse(await c.req.json().catch(() => undefined));
		if (!body.success) throw new ApiError(400, "username and password are required");
		const result = await attemptLogin(db(c.env), {
			email: body.data.username,
			password: body.data.password,
			ip: clientIp(c.req.raw.headers, settingsOf(c.env).trustedProxies),
		});
		if (!result.ok)
			throw new ApiError(
				result.reason === "throttled" ? 429 : 400,
				result.reason === "throttled" ? THROTTLED : INVALID,
			);
		setSessionCookie(c, await createSession(db(c.env), result.user.id));
		rotateCsrfToken(c);
		return c.json({ user: serializeUser(result.user, result.user) });
	})
	.delete("/api/0/auth/", async (c) => {
		const auth = requireAuth(c.get("auth"));
		const cookie = sessionCookie(c);
		if (auth.via === "session" && cookie) await deleteSession(db(c.env), cookie);
		clearSessionCookie(c);
		return c.body(null, 204);
	});
