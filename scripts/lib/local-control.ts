/** The local control silo's database, for scripts that manage users: the state of npm start or, split, of npm run dev:regions. */
import { getPlatformProxy } from "wrangler";
import type { ControlBindings } from "../../workers/control/env";
import { type ControlDb, controlDb } from "../../workers/lib/db";
import { settingsOf } from "../../workers/lib/settings";
import { applyLocalMigrations, DEV_REGIONS_DIR, DEV_REGIONS_STATE_DIR, ROOT, STATE_DIR } from "./wrangler";

export async function withLocalControl(split: boolean, work: (db: ControlDb) => Promise<void>): Promise<void> {
	const { configPath, stateDir } = split
		? { configPath: `${DEV_REGIONS_DIR}/control/wrangler.json`, stateDir: DEV_REGIONS_STATE_DIR }
		: { configPath: `${ROOT}wrangler.toml`, stateDir: STATE_DIR };
	applyLocalMigrations("CONTROL_DB", configPath, stateDir);
	const proxy = await getPlatformProxy<ControlBindings>({ configPath, persist: { path: `${stateDir}/v3` } });
	try {
		await work(controlDb(settingsOf(proxy.env).siloMode, proxy.env.CONTROL_DB));
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	} finally {
		await proxy.dispose();
	}
}
