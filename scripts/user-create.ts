/**
 * npm run user:create -- --email <email> [--password <password>] [--superuser]
 * Like Sentry's `createuser`: adds a user to the local control silo (.faultline/state).
 */
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import type { ControlBindings } from "../workers/control/env";
import { createUser } from "../workers/control/users";
import { randomHex } from "../workers/lib/crypto";
import { controlDb } from "../workers/lib/db";
import { settingsOf } from "../workers/lib/settings";
import { applyLocalMigrations, DEV_REGIONS_DIR, DEV_REGIONS_STATE_DIR, ROOT, STATE_DIR } from "./lib/wrangler";

const HELP = `usage: npm run user:create -- --email <email> [--password <password>] [--superuser] [--name <name>] [--split]

Creates a user in the local control silo: the state npm start uses or, with --split, the one of
npm run dev:regions. Without --password a random one is made and printed.
Environment: FAULTLINE_HOME (default .faultline/ in the checkout).`;

const { values } = parseArgs({
	options: {
		email: { type: "string" },
		password: { type: "string" },
		name: { type: "string", default: "" },
		superuser: { type: "boolean", default: false },
		split: { type: "boolean", default: false },
		help: { type: "boolean", short: "h", default: false },
	},
});
if (values.help || !values.email) {
	console.log(HELP);
	process.exit(values.help ? 0 : 2);
}

const password = values.password ?? randomHex(12);
const { configPath, stateDir } = values.split
	? { configPath: `${DEV_REGIONS_DIR}/control/wrangler.json`, stateDir: DEV_REGIONS_STATE_DIR }
	: { configPath: `${ROOT}wrangler.toml`, stateDir: STATE_DIR };
applyLocalMigrations("CONTROL_DB", configPath, stateDir);
const proxy = await getPlatformProxy<ControlBindings>({ configPath, persist: { path: `${stateDir}/v3` } });
try {
	const user = await createUser(controlDb(settingsOf(proxy.env).siloMode, proxy.env.CONTROL_DB), {
		email: values.email,
		password,
		name: values.name,
		isSuperuser: values.superuser,
	});
	console.log(`created user ${user.email} (id ${user.id})${values.password ? "" : ` with password ${password}`}`);
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
} finally {
	await proxy.dispose();
}
