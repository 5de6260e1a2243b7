/**
 * Crons on the running stack with real clients: `sentry-cli monitors run` wrapping a command (its
 * --schedule and threshold flags become the monitor's config), `sentry-cli monitors list`,
 * @sentry/node's `withMonitor`, and a plain HTTP check-in as a cron line would send it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as Sentry from "@sentry/node";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler";
import { waitFor } from "./stack";

const stack = inject("stack");
const SENTRY_CLI = `${ROOT}node_modules/.bin/sentry-cli`;
const home = mkdtempSync(`${tmpdir()}/faultline-crons-`);
const run = Date.now().toString(36);

function sentryCli(args: string[]) {
	return spawnSync(SENTRY_CLI, args, {
		cwd: home,
		encoding: "utf8",
		env: {
			PATH: process.env.PATH,
			HOME: home,
			SENTRY_URL: stack.url,
			SENTRY_AUTH_TOKEN: stack.token,
			SENTRY_ORG: stack.org,
			SENTRY_DSN: stack.dsn,
			SENTRY_DISABLE_UPDATE_CHECK: "true",
			SENTRY_LOAD_DOTENV: "0",
		},
	});
}

async function api<T>(path: string): Promise<{ status: number; body: T }> {
	const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token}` } });
	return { status: response.status, body: (await response.json()) as T };
}

interface CheckIn {
	status: string;
	duration: number | null;
	environment: string;
}
const checkIns = (slug: string, done: (found: CheckIn[]) => boolean) =>
	waitFor(async () => {
		const { status, body } = await api<CheckIn[]>(`/api/0/organizations/${stack.org}/monitors/${slug}/checkins/`);
		return status === 200 && done(body) ? body : undefined;
	}, `check-ins of ${slug}`);

afterAll(async () => {
	rmSync(home, { recursive: true, force: true });
	await Sentry.close();
});

describe("crons with real clients", () => {
	it("sentry-cli monitors run: the monitor from --schedule and the flags, in_progress → error, and its issue", async () => {
		const slug = `cli-failing-${run}`;
		const result = sentryCli([
			"monitors",
			"run",
			"-s",
			"*/5 * * * *",
			"--check-in-margin",
			"2",
			"--max-runtime",
			"3",
			"--timezone",
			"Europe/Vienna",
			"--failure-issue-threshold",
			"1",
			"--recovery-threshold",
			"2",
			"-e",
			"staging",
			slug,
			"--",
			"sh",
			"-c",
			"exit 3",
		]);
		expect(result.status, result.stderr).toBe(3);
		const [failed] = await checkIns(slug, (found) => found.some((checkIn) => checkIn.status === "error"));
		expect(failed).toMatchObject({ status: "error", environment: "staging", duration: expect.any(Number) });
		const { body: monitor } = await api<Record<string, unknown>>(`/api/0/organizations/${stack.org}/monitors/${slug}/`);
		expect(monitor).toMatchObject({
			slug,
			config: {
				schedule_type: "crontab",
				schedule: "*/5 * * * *",
				checkin_margin: 2,
				max_runtime: 3,
				timezone: "Europe/Vienna",
				failure_issue_threshold: 1,
				recovery_threshold: 2,
			},
			environments: [{ name: "staging", status: "error", activeIncident: { issueId: expect.any(String) } }],
		});
		const issueId = (monitor.environments as { activeIncident: { issueId: string } }[])[0]?.activeIncident.issueId;
		const { body: issue } = await api<Record<string, unknown>>(`/api/0/organizations/${stack.org}/issues/${issueId}/`);
		expect(issue).toMatchObject({ title: `Monitor failure: ${slug}`, issueCategory: "cron", status: "unresolved" });
	});

	it("sentry-cli monitors run: a succeeding command checks in ok with its duration, and monitors list shows it", async () => {
		const slug = `cli-ok-${run}`;
		const result = sentryCli(["monitors", "run", "-s", "0 * * * *", slug, "--", "sh", "-c", "sleep 0.2"]);
		expect(result.status, result.stderr).toBe(0);
		const [ok] = await checkIns(slug, (found) => found.some((checkIn) => checkIn.status === "ok"));
		expect(ok?.duration).toBeGreaterThanOrEqual(200);
		const listed = sentryCli(["monitors", "list"]);
		expect(listed.status, listed.stderr).toBe(0);
		expect(listed.stdout).toMatch(new RegExp(`\\|\\s*${slug}\\s*\\|\\s*${slug}\\s*\\|\\s*active\\s*\\|`));
	});

	it("@sentry/node withMonitor: upserts the monitor and checks in ok", async () => {
		const slug = `node-${run}`;
		Sentry.init({ dsn: stack.dsn, defaultIntegrations: false, environment: "e2e" });
		const value = await Sentry.withMonitor(slug, async () => "done", {
			schedule: { type: "interval", value: 10, unit: "minute" },
			checkinMargin: 1,
			maxRuntime: 5,
		});
		expect(value).toBe("done");
		expect(await Sentry.flush(5000)).toBe(true);
		const found = await checkIns(slug, (all) => all.some((checkIn) => checkIn.status === "ok"));
		expect(found).toEqual([expect.objectContaining({ status: "ok", environment: "e2e" })]);
		const { body: monitor } = await api<{ config: Record<string, unknown> }>(
			`/api/0/organizations/${stack.org}/monitors/${slug}/`,
		);
		expect(monitor.config).toMatchObject({
			schedule_type: "interval",
			schedule: [10, "minute"],
			checkin_margin: 1,
			max_runtime: 5,
		});
	});

	it("a plain HTTP check-in from a cron line: 202, stored", async () => {
		const slug = `http-${run}`;
		const dsn = new URL(stack.dsn);
		const project = dsn.pathname.replace(/\//g, "");
		const base = `${stack.url}/api/${project}/cron/${slug}/${dsn.username}/`;
		const upsert = await fetch(base, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({
				status: "in_progress",
				monitor_config: { schedule: { type: "crontab", value: "0 3 * * *" } },
			}),
		});
		expect(upsert.status).toBe(202);
		const finished = await fetch(`${base}?status=ok&check_in_id=${"0".repeat(32)}&duration=4`);
		expect(finished.status).toBe(202);
		expect(await finished.text()).toBe("");
		const [checkIn] = await checkIns(slug, (found) => found.some((entry) => entry.status === "ok"));
		expect(checkIn).toMatchObject({ status: "ok", duration: 4000, environment: "production" });
	});
});
