/**
 * `POST /api/0/internal/dead-letters/replay/`: puts dead-lettered messages back on the ingest queue
 * (what `npm run dlq:replay` calls). Superusers only; `GET` lists what is waiting and why.
 */
import { desc } from "drizzle-orm";
import { Hono } from "hono";
import { deadLetters } from "../../../schema/region";
import { regionDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { settingsOf } from "../../lib/settings";
import type { RegionAppEnv } from "../env";
import { replayDeadLetters } from "./dead-letters";

function requireSuperuser(c: { get: (key: "auth") => RegionAppEnv["Variables"]["auth"] }): void {
	const auth = c.get("auth");
	if (!auth) throw new ApiError(401, "Authentication credentials were not provided.");
	if (!auth.user.isSuperuser) throw new ApiError(403, "You do not have permission to perform this action.");
}

export const deadLetterRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/internal/dead-letters/", async (c) => {
		requireSuperuser(c);
		const db = regionDb(settingsOf(c.env).siloMode, c.env.REGION_DB);
		const rows = await db
			.select({ id: deadLetters.id, reason: deadLetters.reason, createdAt: deadLetters.createdAt })
			.from(deadLetters)
			.orderBy(desc(deadLetters.id))
			.limit(100);
		return c.json(
			rows.map((row) => ({ id: String(row.id), reason: row.reason, dateCreated: row.createdAt.toISOString() })),
		);
	})
	.post("/api/0/internal/dead-letters/replay/", async (c) => {
		requireSuperuser(c);
		return c.json({ replayed: await replayDeadLetters(c.env) });
	});
