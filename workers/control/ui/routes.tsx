/**
 * The web UI under `/` of the control host. Pages need a login session (else the login form, with
 * `next`); every read and change goes through the Web API as that session (./api.ts), and every form
 * post carries the CSRF token.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { controlDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { siloRoutes } from "../../lib/hono";
import { settingsOf } from "../../lib/settings";
import { sessionCookie } from "../cookies";
import { sessionUser } from "../sessions";
import type { Dispatch } from "./api";
import { cronPages } from "./crons";
import { issuePages } from "./issue";
import { ErrorPage, loginPath, type UiEnv, userIfSignedIn } from "./kit";
import { Layout } from "./layout";
import { logPages } from "./logs";
import { memberPages } from "./members";
import { organizationPages } from "./organizations";
import { releasePages } from "./releases";
import { securityHeaders } from "./security-headers";
import { settingsPages } from "./settings";
import { streamPages } from "./stream";

/** Sets the signed-in user, if there is one. */
const session = createMiddleware<UiEnv>(async (c, next) => {
	const cookie = sessionCookie(c);
	const user = cookie ? await sessionUser(controlDb(settingsOf(c.env).siloMode, c.env.CONTROL_DB), cookie) : undefined;
	if (user) c.set("user", user);
	await next();
});

/** Pages that need a session send anonymous visitors to the login form, with `next`. */
const signedIn = createMiddleware<UiEnv>(async (c, next) => {
	if (!userIfSignedIn(c)) return c.redirect(loginPath(c), 302);
	await next();
});

/** The UI's pages, one module per capability, each reading through the Web API with `dispatch`. */
export function uiRoutes(dispatch: Dispatch) {
	return new Hono<UiEnv>()
		.use("*", securityHeaders())
		.use("/organizations/*", siloRoutes("control"))
		.use("/accept/*", siloRoutes("control"))
		.use("/", session, signedIn)
		.use("/organizations/*", session, signedIn)
		.use("/accept/*", session)
		.use("*", async (c, next) => {
			c.set("dispatch", dispatch);
			await next();
		})
		.get("/", (c) => c.redirect("/organizations/", 302))
		.route("/", organizationPages)
		.route("/", streamPages)
		.route("/", issuePages)
		.route("/", settingsPages)
		.route("/", memberPages)
		.route("/", releasePages)
		.route("/", logPages)
		.route("/", cronPages)
		.onError((error, c) => {
			const status = error instanceof ApiError ? error.status : 500;
			if (!(error instanceof ApiError)) console.error("unhandled UI error", error);
			const detail = error instanceof ApiError ? error.detail : "Internal Error";
			return c.html(
				<Layout title="Error">
					<ErrorPage status={status} detail={detail} />
				</Layout>,
				status,
			);
		});
}
