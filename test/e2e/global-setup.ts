/** Starts Faultline as `npm start` does (own state, free port) and hands the bootstrap JSON to the tests. */
import type { TestProject } from "vitest/node";
import { type RunningScript, runScript, type Stack, startScript } from "./stack";

let server: RunningScript | undefined;

export async function setup(project: TestProject) {
	server = await startScript("scripts/start.ts", "Point any Sentry SDK at the DSN");
	const stack = JSON.parse(runScript("scripts/bootstrap.ts", ["--json"], server.env).trim().split("\n").at(-1) ?? "");
	project.provide("stack", { ...stack, home: server.home } as Stack);
	project.provide("startOutput", server.output);
}

export async function teardown() {
	await server?.stop();
}

declare module "vitest" {
	export interface ProvidedContext {
		stack: Stack;
		/** What `npm start` printed before it was ready. */
		startOutput: string;
	}
}
