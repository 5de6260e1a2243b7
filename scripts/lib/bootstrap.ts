/**
 * Bootstraps the local monolith's state (.faultline/state): applies the D1 migrations, then runs the
 * same bootstrap code the workers use against the local bindings, through wrangler's platform proxy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "smol-toml";
import { getPlatformProxy } from "wrangler";
import { newTokenValue } from "../../workers/control/api-tokens";
import { bootstrap } from "../../workers/control/bootstrap";
import { randomHex } from "../../workers/lib/crypto";
import { controlDb } from "../../workers/lib/db";
import { settingsOf } from "../../workers/lib/settings";
import { type MonolithBindings, monolithRegionRpc } from "../../workers/monolith/rpc";
import { applyLocalMigrations, FAULTLINE_HOME, ROOT, STATE_DIR } from "./wrangler";

const CREDENTIALS_FILE = `${FAULTLINE_HOME}/bootstrap.json`;

interface Credentials {
	email: string;
	password: string;
	token: string;
}

/** The admin login: from FAULTLINE_ADMIN_EMAIL/PASSWORD, else the one made on the first run. */
function loadCredentials(): Credentials {
	const saved: Partial<Credentials> = existsSync(CREDENTIALS_FILE)
		? JSON.parse(readFileSync(CREDENTIALS_FILE, "utf8"))
		: {};
	const credentials = {
		email: process.env.FAULTLINE_ADMIN_EMAIL ?? saved.email ?? "admin@faultline.local",
		password: process.env.FAULTLINE_ADMIN_PASSWORD ?? saved.password ?? randomHex(12),
		token: saved.token ?? newTokenValue(),
	};
	mkdirSync(FAULTLINE_HOME, { recursive: true });
	writeFileSync(CREDENTIALS_FILE, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
	return credentials;
}

/**
 * The monolith's config without its Durable Object, for the platform proxy: the proxy runs none of
 * the worker's code, so it cannot host QuotaCounter (wrangler and workerd warned so on every start,
 * though quotas work under `wrangler dev`), and bootstrap needs only the storage bindings.
 */
function storageOnlyConfig(): string {
	const config = parse(readFileSync(`${ROOT}wrangler.toml`, "utf8"));
	delete config.durable_objects;
	delete config.migrations;
	mkdirSync(FAULTLINE_HOME, { recursive: true });
	const path = `${FAULTLINE_HOME}/bootstrap-wrangler.json`;
	writeFileSync(path, JSON.stringify(config, null, 2));
	return path;
}

export async function bootstrapLocalState(port: number) {
	applyLocalMigrations("CONTROL_DB", "wrangler.toml");
	applyLocalMigrations("REGION_DB", "wrangler.toml");
	const proxy = await getPlatformProxy<MonolithBindings>({
		configPath: storageOnlyConfig(),
		persist: { path: `${STATE_DIR}/v3` },
	});
	try {
		const env = { ...proxy.env, FAULTLINE_URL: `http://127.0.0.1:${port}` };
		const settings = settingsOf(env);
		return await bootstrap(controlDb(settings.siloMode, env.CONTROL_DB), settings, monolithRegionRpc(env), {
			...loadCredentials(),
			organizationSlug: "default",
			projectSlug: "default",
		});
	} finally {
		await proxy.dispose();
	}
}
