/** A clock tick's bound and its pruning (their own file: the clock reads every organization's due monitors). */
import { describe, expect, it } from "vitest";
import { tickMonitorClock } from "../../../../workers/region/crons";
import { CHECK_IN_RETENTION_MS } from "../../../../workers/region/crons/clock";
import { CapturingQueue } from "../../consumers";
import { createTenant } from "../../tenant";
import { hourly, monitorState, region, sendCheckIns, slugsOf, tick } from "./helpers";

const HOUR = 3_600_000;
const start = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;

describe("the clock's bound", () => {
	it("reads no more than its bound per tick and goes on from where it stopped", async () => {
		const tenant = await createTenant("crons-bound");
		for (const index of [1, 2, 3, 4, 5]) {
			await sendCheckIns(tenant, start, { monitor_slug: `bounded-${index}`, status: "ok", monitor_config: hourly() });
		}
		const due = start + 2 * HOUR;
		const seen: string[][] = [];
		for (let run = 0; run < 4; run++) {
			const queue = new CapturingQueue();
			await tickMonitorClock(region, queue as unknown as Queue, due, 2);
			seen.push(slugsOf(queue.bodies));
		}
		expect(seen.map((slugs) => slugs.length)).toEqual([2, 2, 1, 2]);
		expect(new Set(seen.slice(0, 3).flat()).size).toBe(5);
		expect(seen[3]).toEqual(seen[0]);
		// The next tick goes on after the cursor, then starts from the oldest again; recorded misses are not due.
		expect((await tick(due, 10)).missed).toBe(3);
		expect((await tick(due + 20_000, 10)).missed).toBe(2);
		expect((await tick(due + 40_000, 10)).missed).toBe(0);
	});

	it("deletes check-ins past their 90 days of retention", async () => {
		const tenant = await createTenant("crons-retention");
		await sendCheckIns(tenant, start, { monitor_slug: "kept", status: "ok", monitor_config: hourly() });
		const before = (await monitorState(tenant, "kept"))?.checkIns.length;
		expect(before).toBe(1);
		expect(
			(await tickMonitorClock(region, new CapturingQueue() as unknown as Queue, start + CHECK_IN_RETENTION_MS - HOUR))
				.pruned,
		).toBe(0);
		expect((await monitorState(tenant, "kept"))?.checkIns).toHaveLength(1);
		const late = await tickMonitorClock(
			region,
			new CapturingQueue() as unknown as Queue,
			start + CHECK_IN_RETENTION_MS + HOUR,
		);
		expect(late.pruned).toBeGreaterThanOrEqual(1);
		expect((await monitorState(tenant, "kept"))?.checkIns).toHaveLength(0);
	});
});
