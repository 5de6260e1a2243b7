/**
 * `npm start` killed as a crash kills it: with SIGKILL, no handler running. Its wrangler and workerd
 * processes (in process groups of their own) must die with it, so that the next `npm start` on the
 * same state and port serves; while one runs, another on its port refuses with a clear message.
 */
import { describe, expect, it } from "vitest";
import { processTree, stillRunning } from "../../scripts/lib/process-tree";
import { startNpm, waitFor } from "./stack";

const READY = "Point any Sentry SDK at the DSN";

describe("npm start killed with SIGKILL", () => {
	it("takes wrangler and workerd with it, and the next start on the same state serves", {
		timeout: 240_000,
	}, async () => {
		const first = await startNpm(READY);
		const port = Number(new URL(first.url).port);
		const tree = processTree(first.pid).map((entry) => entry.pid);
		// npm, its shell, tsx, the script, the tether, wrangler (two node processes) and two workerd.
		expect(tree.length).toBeGreaterThanOrEqual(8);

		await expect(startNpm(READY, { port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);

		// What a terminal or a supervisor does to the job: SIGKILL to npm's process group.
		process.kill(-first.pid, "SIGKILL");
		await waitFor(async () => (stillRunning(tree).length ? undefined : true), "the end of every process");

		const second = await startNpm(READY, { home: first.home, port });
		try {
			const response = await fetch(`${second.url}/api/0/`);
			expect(response.status).toBe(200);
		} finally {
			await second.stop();
		}
	});
});
