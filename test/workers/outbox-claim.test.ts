import { env } from "cloudflare:workers";
import { beforeEach, describe, it } from "vitest";
import { controlOutbox } from "../../schema/control";
import { controlDb } from "../../workers/lib/db";
import { drainOutbox, OUTBOX_LEASE_MS } from "../../workers/lib/outbox";
import { controlOutboxStore } from "../../workers/lib/outbox-store";

const control = controlDb("MONOLITH", env.CONTROL_DB);
const store = controlOutboxStore(control);

const queue = (shard: number, count: number) =>
	control
		.insert(controlOutbox)
		.values(
			Array.from({ length: count }, (_, index) => ({
				regionName: "us",
				category: `step.${index}`,
				shardIdentifier: shard,
				objectIdentifier: shard,
				payload: {},
				scheduledFor: new Date(0),
			})),
		)
		.returning({ id: controlOutbox.id });

beforeEach(async () => {
	await control.delete(controlOutbox);
});

describe("outbox claims", () => {
	it("let only the drain that claimed a message deliver it, even when drains overlap", async ({ expect }) => {
		const ids = (await queue(7, 3)).map((row) => row.id);
		const delivered: { drain: string; id: number }[] = [];
		let reachedFirst: () => void = () => {};
		const firstDelivery = new Promise<void>((resolve) => {
			reachedFirst = resolve;
		});
		let letGo: () => void = () => {};
		const gate = new Promise<void>((resolve) => {
			letGo = resolve;
		});

		const slow = drainOutbox(store, async (message) => {
			delivered.push({ drain: "slow", id: message.id });
			reachedFirst();
			await gate;
		});
		await firstDelivery;
		// A second drain (the cron, or a route draining after its change) while the first is mid-delivery.
		const overlapping = await drainOutbox(store, async (message) => {
			delivered.push({ drain: "overlapping", id: message.id });
		});
		expect(overlapping).toEqual({ delivered: 0, failed: 0 });
		letGo();
		expect(await slow).toEqual({ delivered: 3, failed: 0 });
		expect(delivered).toEqual(ids.map((id) => ({ drain: "slow", id })));
		expect(await control.select().from(controlOutbox)).toEqual([]);
	});

	it("hold back a claimed shard's later messages: a new message waits for the claimed ones", async ({ expect }) => {
		const now = new Date();
		const [first] = await queue(8, 1);
		const claimed = await store.claim(now, 10);
		expect(claimed.map((message) => message.id)).toEqual([first?.id]);
		const [later] = await queue(8, 1);
		expect(await store.claim(now, 10)).toEqual([]);
		for (const message of claimed) await store.release(message, now);
		expect((await store.claim(now, 10)).map((message) => message.id)).toEqual([first?.id, later?.id]);
	});

	it("expire: messages of a drain that died mid-delivery are delivered after the lease", async ({ expect }) => {
		const now = new Date();
		const ids = (await queue(9, 2)).map((row) => row.id);
		expect((await store.claim(now, 10)).map((message) => message.id)).toEqual(ids);
		const seen: number[] = [];
		const deliver = async (message: { id: number }) => {
			seen.push(message.id);
		};
		expect(await drainOutbox(store, deliver, { now })).toEqual({ delivered: 0, failed: 0 });
		const afterLease = new Date(now.getTime() + OUTBOX_LEASE_MS + 1);
		expect(await drainOutbox(store, deliver, { now: afterLease })).toEqual({ delivered: 2, failed: 0 });
		expect(seen).toEqual(ids);
	});
});
