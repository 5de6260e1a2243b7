/**
 * Control's minute cron (the control worker's, and the monolith's): the outbox is drained again
 * (retries), and login state that can no longer matter is deleted: expired sessions and throttle
 * keys whose window is over.
 */
import type { ControlDb } from "../lib/db";
import type { RegionRpcResolver } from "../lib/rpc/clients";
import { deleteStaleThrottles } from "./login-throttle";
import { drainControlOutbox } from "./organizations";
import { deleteExpiredSessions } from "./sessions";

export async function runControlCron(db: ControlDb, regionRpc: RegionRpcResolver, now = new Date()) {
	await Promise.all([drainControlOutbox(db, regionRpc), deleteExpiredSessions(db, now), deleteStaleThrottles(db, now)]);
}
