/**
 * `npm start` killed as a crash kills it: with SIGKILL, no handler running. Every event answered 200
 * before the crash is stored exactly once after the next start on the same state (the ingest spool
 * keeps what the in-memory queue loses); wrangler and workerd (in process groups of their own) die
 * with it, so that the next start serves; while one runs, another on its port refuses clearly.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { endProcessTree, processTree, stillRunning } from "../../scripts/lib/process-tree";
import { queryRegionDb, type RunningScript, startNpm, waitFor } from "./stack";

const READY = "Point any Sentry SDK at the DSN";
const EVENTS = 2000;
const IN_FLIGHT = 16;

function envelopeUrlOf(running: RunningScript): string {
	const dsn = new URL(/DSN\s+(\S+)/.exec(running.output)?.[1] ?? "");
	return `${running.url}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}&sentry_version=7`;
}

const envelope = (eventId: string, release: string) =>
	`${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify({
		event_id: eventId,
		release,
		fingerprint: [release],
		exception: { values: [{ type: "CrashTest", value: release }] },
	})}\n`;

/**
 * Sends EVENTS error envelopes, IN_FLIGHT at a time, and kills the whole process tree with SIGKILL
 * once `killAfter` have been accepted (in-flight requests then fail); returns the accepted ids.
 */
async function sendAndCrash(running: RunningScript, release: string, killAfter: number): Promise<Set<string>> {
	const url = envelopeUrlOf(running);
	const accepted = new Set<string>();
	let next = 0;
	let killed: Promise<void> | undefined;
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < EVENTS && !killed) {
				next++;
				const eventId = randomUUID().replace(/-/g, "");
				try {
					const response = await fetch(url, { method: "POST", body: envelope(eventId, release) });
					await response.arrayBuffer();
					if (response.status === 200) accepted.add(eventId);
				} catch {} // the stack was killed under this request
				if (accepted.size >= killAfter) killed ??= endProcessTree(running.pid, "SIGKILL");
			}
		}),
	);
	await (killed ?? endProcessTree(running.pid, "SIGKILL"));
	return accepted;
}

/**
 * After a restart on the same state: every accepted event is stored, each exactly once. (An event
 * whose answer the crash cut off may be stored too: its SDK would send it again, under its id.)
 */
async function expectStoredExactlyOnce(home: string, release: string, accepted: Set<string>) {
	const stored = () =>
		queryRegionDb<{ event_id: string; copies: number }>(
			"wrangler.toml",
			`${home}/state`,
			`select event_id, count(*) as copies from events where release = '${release}' group by event_id`,
		);
	const lostOf = (rows: { event_id: string }[]) => {
		const ids = new Set(rows.map((row) => row.event_id));
		return [...accepted].filter((eventId) => !ids.has(eventId)).length;
	};
	// The restarted stack stores what the spool queued again; give it until the deadline to catch up.
	const deadline = Date.now() + 180_000;
	let rows = stored();
	while (lostOf(rows) > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		rows = stored();
	}
	expect({ lost: lostOf(rows), storedTwice: rows.filter((row) => row.copies !== 1).length }).toEqual({
		lost: 0,
		storedTwice: 0,
	});
}

describe("npm start killed with SIGKILL under load", () => {
	for (const [when, killAfter] of [
		["right after the last 200", EVENTS],
		["in the middle of the load, after 1500 were accepted", 1500],
	] as const) {
		it(`${when}: after the restart every accepted event is stored exactly once`, { timeout: 600_000 }, async () => {
			const release = `crash@${randomUUID().slice(0, 8)}`;
			const first = await startNpm(READY);
			const accepted = await sendAndCrash(first, release, killAfter);
			expect(accepted.size).toBeGreaterThanOrEqual(killAfter);
			const restarted = await startNpm(READY, { home: first.home, port: Number(new URL(first.url).port) });
			try {
				await expectStoredExactlyOnce(first.home, release, accepted);
			} finally {
				await restarted.stop();
			}
		});
	}
});

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
