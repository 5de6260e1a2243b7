/**
 * npm run bootstrap [-- --json]: prepares local state (migrations, admin user, organization and
 * project `default`, DSN key, API token) without starting the server, and prints how to use it.
 */
import { bootstrapLocalState } from "./lib/bootstrap";

const HELP = `usage: npm run bootstrap [-- --json]

Applies the local D1 migrations and creates (once) the admin user, an API token, organization
"default", project "default" and its DSN key in .faultline/state. Prints them; with --json, as one
JSON object with keys url, dsn, token, org, project, email, password.

Environment: PORT (default 8787), FAULTLINE_ADMIN_EMAIL, FAULTLINE_ADMIN_PASSWORD,
FAULTLINE_HOME (where local state is kept; default .faultline/ in the checkout).`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
	console.log(HELP);
	process.exit(0);
}
const result = await bootstrapLocalState(Number(process.env.PORT ?? 8787));
console.log(args.includes("--json") ? JSON.stringify(result) : result);
