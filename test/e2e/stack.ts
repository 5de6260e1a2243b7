/** What `npm run bootstrap -- --json` prints, and so what the end-to-end tests know of the stack. */
export interface Stack {
	url: string;
	dsn: string;
	token: string;
	org: string;
	project: string;
	email: string;
	password: string;
}
