/**
 * npm run user:create -- --email <email> [--password <password>] [--superuser]
 * Like Sentry's `createuser`: adds a user to the local control silo (.faultline/state).
 */
import { parseArgs } from "node:util";
import { createUser } from "../workers/control/users";
import { randomHex } from "../workers/lib/crypto";
import { withLocalControl } from "./lib/local-control";

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
const { email } = values;
await withLocalControl(values.split, async (db) => {
	const user = await createUser(db, { email, password, name: values.name, isSuperuser: values.superuser });
	console.log(`created user ${user.email} (id ${user.id})${values.password ? "" : ` with password ${password}`}`);
});
