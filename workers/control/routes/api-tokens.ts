/**
 * `/api/0/api-tokens/`: the caller's personal API tokens, in Sentry's shape. The token is shown once.
 * Only a logged-in session may manage tokens, so a limited token cannot mint a wider one.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { apiTokens } from "../../../schema/control";
import { controlDb } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { ALL_SCOPES } from "../../lib/scopes";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import { createApiToken, findApiToken, listApiTokens, revokeApiToken, scopesUserMayHave } from "../api-tokens";
import { type ControlAppEnv, requireAuth, sessionOnly } from "../auth";
import { drainControlOutbox } from "../organizations";

const serializeToken = (row: typeof apiTokens.$inferSelect) => ({
	id: String(row.id),
	name: row.name || null,
	scopes: row.scopes,
	dateCreated: row.createdAt.toISOString(),
	expiresAt: row.expiresAt?.toISOString() ?? null,
	tokenLastCharacters: row.tokenLastCharacters,
});

const NewToken = z.object({
	name: z.string().max(255).optional(),
	scopes: z.array(z.enum(ALL_SCOPES)).min(1),
});
const db = (env: ControlAppEnv["Bindings"]) => controlDb(settingsOf(env).siloMode, env.CONTROL_DB);

/** Revokes in control, then at once in the user's regions (the cron drain retries what fails). */
async function revoke(c: Context<ControlAppEnv>, userId: number, tokenId: string | number | undefined) {
	if (!(await revokeApiToken(db(c.env), userId, Number(tokenId)))) throw notFound();
	await drainControlOutbox(db(c.env), c.get("regionRpc"));
}

export const apiTokenRoutes = new Hono<ControlAppEnv>()
	.get("/api/0/api-tokens/", sessionOnly(), async (c) => {
		const { user } = requireAuth(c.get("auth"));
		return c.json((await listApiTokens(db(c.env), user.id)).map(serializeToken));
	})
	.post("/api/0/api-tokens/", sessionOnly(), jsonBody(NewToken), async (c) => {
		const { user } = requireAuth(c.get("auth"));
		const { name, scopes } = c.req.valid("json");
		const allowed: readonly string[] = await scopesUserMayHave(db(c.env), user);
		const beyond = scopes.filter((scope) => !allowed.includes(scope));
		if (beyond.length) throw new ApiError(400, `You may not grant scopes you do not have: ${beyond.join(", ")}`);
		const token = await createApiToken(db(c.env), user.id, { scopes, ...(name ? { name } : {}) });
		await drainControlOutbox(db(c.env), c.get("regionRpc"));
		const row = await findApiToken(db(c.env), token);
		if (!row) throw new Error("token vanished after insert");
		return c.json({ ...serializeToken(row), token }, 201);
	})
	.delete(
		"/api/0/api-tokens/",
		sessionOnly(),
		jsonBody(z.object({ tokenId: z.union([z.string(), z.number()]) })),
		async (c) => {
			await revoke(c, requireAuth(c.get("auth")).user.id, c.req.valid("json").tokenId);
			return c.body(null, 204);
		},
	)
	.delete("/api/0/api-tokens/:tokenId/", sessionOnly(), async (c) => {
		await revoke(c, requireAuth(c.get("auth")).user.id, c.req.param("tokenId"));
		return c.body(null, 204);
	});
