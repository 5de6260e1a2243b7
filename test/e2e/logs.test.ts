/**
 * Logs end to end: the real `@sentry/node` sends `Sentry.logger` lines (a template
 * with parameters, attributes, inside a span's trace), an OTLP/HTTP JSON export comes in with the
 * DSN key, and the real `sentry-cli logs list` reads them back from the running stack.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SENTRY_CLI, sentryCliEnv, waitFor } from "./stack";

// @sentry/node 11 sends logs by default: the `enableLogs` option of SDK 9 and 10 is gone from its types.

const stack = inject("stack");
const home = mkdtempSync(`${tmpdir()}/faultline-logs-cli-`);
const run = Date.now().toString(36);
const release = `logs-e2e@${run}`;
let traceId = "";

function sentryCli(args: string[]): string {
	const result = spawnSync(SENTRY_CLI, args, {
		cwd: home,
		encoding: "utf8",
		env: { PATH: process.env.PATH, HOME: home, ...sentryCliEnv(stack) },
	});
	if (result.status !== 0) throw new Error(`sentry-cli ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

const api = async <T>(path: string) =>
	(await (await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token}` } })).json()) as T;

beforeAll(async () => {
	Sentry.init({
		dsn: stack.dsn,
		release,
		environment: "e2e",

		tracesSampleRate: 1,
		defaultIntegrations: false,
	});
	const user = "ann";
	const items = 3;
	Sentry.startSpan({ name: "checkout" }, (span) => {
		traceId = span.spanContext().traceId;
		Sentry.logger.info(Sentry.logger.fmt`user ${user} bought ${items} items ${run}`, { cart: `cart-${run}` });
		Sentry.logger.error(`payment declined ${run}`, { code: 402 });
	});
	expect(await Sentry.flush(5000)).toBe(true);
});

afterAll(async () => {
	await Sentry.close();
	rmSync(home, { recursive: true, force: true });
});

describe("Sentry logs end to end", () => {
	it("sentry-cli logs list shows @sentry/node's lines, newest first, with their ids, levels and trace", async () => {
		const output = await waitFor(async () => {
			const listed = sentryCli(["logs", "list", "--query", run]);
			return listed.includes(`payment declined ${run}`) && listed.includes(`user ann bought 3 items ${run}`)
				? listed
				: undefined;
		}, "the SDK's logs in sentry-cli logs list");
		const lines = output.split("\n").filter((line) => line.includes(run));
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(
			new RegExp(
				`^\\|\\s*[0-9a-f]{32}\\s*\\|\\s*\\S+\\s*\\|\\s*error\\s*\\|\\s*payment declined ${run}\\s*\\|\\s*${traceId}\\s*\\|`,
			),
		);
		expect(lines[1]).toMatch(/\|\s*info\s*\|\s*user ann bought 3 items/);
	});

	it("sentry-cli filters by level, and the template, parameters and attributes are kept", async () => {
		const errors = sentryCli(["logs", "list", "--query", `level:error ${run}`, "--max-rows", "5"]);
		expect(errors).toContain(`payment declined ${run}`);
		expect(errors).not.toContain("bought");
		const fields = [
			"message.template",
			"sentry.message.parameter.0",
			"sentry.message.parameter.1",
			"sentry.message.parameter.2",
			"cart",
			"release",
			"environment",
		];
		const table = await api<{ data: Record<string, unknown>[] }>(
			`/api/0/organizations/${stack.org}/events/?dataset=ourlogs&query=${encodeURIComponent(`cart:cart-${run}`)}&${fields.map((field) => `field=${encodeURIComponent(field)}`).join("&")}`,
		);
		expect(table.data).toEqual([
			{
				"message.template": "user %s bought %s items %s",
				"sentry.message.parameter.0": "ann",
				"sentry.message.parameter.1": 3,
				"sentry.message.parameter.2": run,
				cart: `cart-${run}`,
				release,
				environment: "e2e",
			},
		]);
	});

	it("accepts an OTLP/HTTP JSON export with the DSN key, listed by sentry-cli", async () => {
		const dsn = new URL(stack.dsn);
		const projectId = dsn.pathname.replace(/\//g, "");
		const response = await fetch(`${dsn.protocol}//${dsn.host}/api/${projectId}/integration/otlp/v1/logs`, {
			method: "POST",
			headers: { "content-type": "application/json", "x-sentry-auth": `Sentry sentry_key=${dsn.username}` },
			body: JSON.stringify({
				resourceLogs: [
					{
						resource: { attributes: [{ key: "service.name", value: { stringValue: "otel-e2e" } }] },
						scopeLogs: [
							{
								logRecords: [
									{
										timeUnixNano: `${Date.now()}000000`,
										severityNumber: 13,
										body: { stringValue: `otlp warning ${run}` },
									},
								],
							},
						],
					},
				],
			}),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({});
		const output = await waitFor(async () => {
			const listed = sentryCli(["logs", "list", "--query", `otlp ${run}`]);
			return listed.includes(`otlp warning ${run}`) ? listed : undefined;
		}, "the OTLP log in sentry-cli logs list");
		expect(output).toMatch(new RegExp(`\\|\\s*warn\\s*\\|\\s*otlp warning ${run}`));
	});

	it("lists the trace's logs for the trace view", async () => {
		const table = await api<{ data: { message: string }[] }>(
			`/api/0/organizations/${stack.org}/trace-logs/?traceId=${traceId}`,
		);
		expect(table.data.map((row) => row.message)).toEqual([`payment declined ${run}`, `user ann bought 3 items ${run}`]);
	});
});
