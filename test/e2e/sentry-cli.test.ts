/**
 * The real `sentry-cli` (npm `@sentry/cli`, its binary from the platform package) against the running
 * stack: the commands users run against self-hosted Sentry, each checked through the Web API.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler";
import { waitFor } from "./stack";

const stack = inject("stack");
const SENTRY_CLI = `${ROOT}node_modules/.bin/sentry-cli`;
/** Its own HOME and working directory: no `~/.sentryclirc` or `.env` of this machine is read. */
const home = mkdtempSync(`${tmpdir()}/faultline-sentry-cli-`);
const version = `cli-e2e@${Date.now()}`;

function environment(token = stack.token): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: home,
		SENTRY_URL: stack.url,
		SENTRY_AUTH_TOKEN: token,
		SENTRY_ORG: stack.org,
		SENTRY_PROJECT: stack.project,
		SENTRY_DSN: stack.dsn,
		SENTRY_DISABLE_UPDATE_CHECK: "true",
		SENTRY_LOAD_DOTENV: "0",
		GIT_CONFIG_NOSYSTEM: "1",
	};
}

function sentryCli(args: string[], token?: string): string {
	const result = spawnSync(SENTRY_CLI, args, { cwd: home, env: environment(token), encoding: "utf8" });
	if (result.status !== 0) throw new Error(`sentry-cli ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

function git(...args: string[]): void {
	const result = spawnSync("git", ["-c", "user.name=Ann", "-c", "user.email=ann@example.com", ...args], {
		cwd: home,
		env: environment(),
		encoding: "utf8",
	});
	if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.stderr}`);
}

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
	const response = await fetch(`${stack.url}${path}`, {
		...init,
		headers: { authorization: `Bearer ${stack.token}`, ...init.headers },
	});
	return { status: response.status, body: (await response.json()) as T };
}

beforeAll(() => {
	git("init", "-q");
	git("commit", "-q", "--allow-empty", "-m", "first commit");
	git("commit", "-q", "--allow-empty", "-m", "second commit");
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("sentry-cli against Faultline", () => {
	it("runs offline from the npm package", () => {
		expect(sentryCli(["--version"])).toMatch(/^sentry-cli \d+\.\d+\.\d+/);
	});

	it("info: the token is valid, with its user and scopes", () => {
		const output = sentryCli(["info"]);
		expect(output).toContain(`Sentry Server: ${stack.url}`);
		expect(output).toContain("Method: Auth Token");
		expect(output).toContain(`User: ${stack.email}`);
		expect(output).toContain("- project:releases");
		expect(sentryCli(["info"], `sntryu_${"0".repeat(64)}`)).not.toContain("User:");
	});

	it("projects list, organizations list and repos list", () => {
		expect(sentryCli(["projects", "list"])).toMatch(new RegExp(`\\|\\s*\\d+\\s*\\|\\s*${stack.project}\\s*\\|`));
		expect(sentryCli(["organizations", "list"])).toMatch(new RegExp(`\\|\\s*${stack.org}\\s*\\|`));
		expect(sentryCli(["repos", "list"])).toContain("No repos found");
	});

	it("send-event, events list, issues list, resolve, unresolve and mute", async () => {
		const message = `sentry-cli event ${Date.now()}`;
		const sent = sentryCli(["send-event", "-m", message, "--release", version]);
		const eventId = /Event id: ([0-9a-f-]{36})/.exec(sent)?.[1]?.replace(/-/g, "");
		expect(eventId).toMatch(/^[0-9a-f]{32}$/);
		const event = await waitFor(async () => {
			const { status, body } = await api<{ groupID: string; title: string; release: { version: string } }>(
				`/api/0/projects/${stack.org}/${stack.project}/events/${eventId}/`,
			);
			return status === 200 ? body : undefined;
		}, `event ${eventId}`);
		expect(event).toMatchObject({ title: message, release: { version } });

		expect(sentryCli(["events", "list"])).toContain(sent.match(/Event id: (\S+)/)?.[1] as string);

		const listed = sentryCli(["issues", "list", "--query", "is:unresolved"]);
		expect(listed).toMatch(new RegExp(`\\|\\s*${event.groupID}\\s*\\|.*${message}.*\\|\\s*unresolved\\s*\\|`));

		expect(sentryCli(["issues", "resolve", "-i", event.groupID])).toContain("Updated matching issues.");
		const issue = await api<{ status: string }>(`/api/0/organizations/${stack.org}/issues/${event.groupID}/`);
		expect(issue.body.status).toBe("resolved");
		expect(sentryCli(["issues", "list", "--query", "is:unresolved"])).not.toContain(message);

		sentryCli(["issues", "unresolve", "-i", event.groupID]);
		expect(sentryCli(["issues", "list", "--query", "is:unresolved"])).toContain(message);
		sentryCli(["issues", "mute", "-i", event.groupID]);
		const muted = await api<{ status: string }>(`/api/0/organizations/${stack.org}/issues/${event.groupID}/`);
		expect(muted.body.status).toBe("ignored");
	});

	it("releases new, list, finalize and info", async () => {
		expect(sentryCli(["releases", "new", version])).toContain(`Created release ${version}`);
		expect(sentryCli(["releases", "list"])).toMatch(new RegExp(`\\(unreleased\\)\\s*\\|\\s*${version}\\s*\\|`));
		expect(sentryCli(["releases", "finalize", version])).toContain(`Finalized release ${version}`);
		const release = await api<{ dateReleased: string | null }>(
			`/api/0/organizations/${stack.org}/releases/${encodeURIComponent(version)}/`,
		);
		expect(release.body.dateReleased).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(sentryCli(["releases", "list"])).not.toMatch(new RegExp(`\\(unreleased\\)\\s*\\|\\s*${version}\\s*\\|`));
		expect(sentryCli(["releases", "info", version, "--show-projects"])).toMatch(
			new RegExp(`${version}.*\\|\\s*${stack.project}\\s*\\|`),
		);
	});

	it("releases deploys new and list", async () => {
		expect(sentryCli(["releases", "deploys", version, "new", "-e", "production", "-n", "first rollout"])).toContain(
			"Created new deploy first rollout for 'production'",
		);
		expect(sentryCli(["releases", "deploys", version, "list"])).toMatch(/\|\s*production\s*\|\s*first rollout\s*\|/);
		const release = await api<{ deployCount: number }>(
			`/api/0/organizations/${stack.org}/releases/${encodeURIComponent(version)}/`,
		);
		expect(release.body.deployCount).toBe(1);
	});

	it("releases delete", () => {
		sentryCli(["releases", "new", `${version}-gone`]);
		expect(sentryCli(["releases", "delete", `${version}-gone`])).toContain(`Deleted release ${version}-gone`);
		expect(sentryCli(["releases", "list"])).not.toContain(`${version}-gone`);
	});

	it("releases archive and restore", () => {
		expect(sentryCli(["releases", "archive", version])).toContain(`Archived release ${version}`);
		expect(sentryCli(["releases", "list"])).not.toContain(version);
		expect(sentryCli(["releases", "restore", version])).toContain(`Restored release ${version}`);
		expect(sentryCli(["releases", "list"])).toContain(version);
	});

	it("releases set-commits --auto takes the commits of the local git repository", async () => {
		const output = sentryCli(["releases", "set-commits", version, "--auto"]);
		expect(output).toContain(`Success! Set commits for release ${version}`);
		const commits = await api<{ message: string; author: { email: string } }[]>(
			`/api/0/organizations/${stack.org}/releases/${encodeURIComponent(version)}/commits/`,
		);
		expect(commits.body.map((commit) => commit.message.trim())).toEqual(["second commit", "first commit"]);
		expect(commits.body[0]?.author.email).toBe("ann@example.com");
		expect(sentryCli(["releases", "info", version, "--show-commits"])).toMatch(/\|\s*[0-9a-f]{40}\s*\|/);
	});
});
