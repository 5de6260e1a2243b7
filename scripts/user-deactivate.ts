/**
 * npm run user:deactivate -- --email <email> [--reactivate] [--split]
 * Turns an account off (or on again) in the local control silo; the outbox carries the change to
 * every region that holds the user's tokens (the next drain: the cron, every minute locally).
 */
import { parseArgs } from "node:util";
import { findUserByEmail, setUserActive } from "../workers/control/users";
import { withLocalControl } from "./lib/local-control";

const HELP = `usage: npm run user:deactivate -- --email <email> [--reactivate] [--split]

Deactivates a user of the local control silo (the state npm start uses or, with --split, the one
of npm run dev:regions): their sessions and API tokens stop working at once in control and, once
the outbox is drained, on direct calls to every region that holds their tokens. --reactivate turns
the account on again. Environment: FAULTLINE_HOME (default .faultline/ in the checkout).`;

const { values } = parseArgs({
	options: {
		email: { type: "string" },
		reactivate: { type: "boolean", default: false },
		split: { type: "boolean", default: false },
		help: { type: "boolean", short: "h", default: false },
	},
});
if (values.help || !values.email) {
	console.log(HELP);
	process.exit(values.help ? 0 : 2);
}

const { email } = values;
await withLocalControl(values.split, async (db) => {
	const user = await findUserByEmail(db, email);
	if (!user) throw new Error(`no user ${email}`);
	await setUserActive(db, user.id, values.reactivate);
	console.log(`${values.reactivate ? "reactivated" : "deactivated"} user ${user.email} (id ${user.id})`);
});
