import { describe, it } from "vitest";
import { drainOutbox, type OutboxMessage, type OutboxStore, outboxRetryDelayMs } from "../../../workers/lib/outbox";

function memoryStore(messages: OutboxMessage[]) {
	const rescheduled: { id: number; error: string; at: Date }[] = [];
	const released: number[] = [];
	const store: OutboxStore<OutboxMessage> = {
		claim: async (_now, limit) => messages.slice(0, limit),
		release: async (message) => {
			released.push(message.id);
		},
		delivered: async (message) => {
			messages.splice(messages.indexOf(message), 1);
		},
		reschedule: async (message, error, at) => {
			rescheduled.push({ id: message.id, error, at });
		},
	};
	return { store, rescheduled, released, remaining: messages };
}

const message = (id: number, shardIdentifier: number): OutboxMessage => ({
	id,
	category: "test",
	shardIdentifier,
	objectIdentifier: shardIdentifier,
	payload: {},
	attempts: 0,
});

describe("drainOutbox", () => {
	it("delivers due messages in id order and removes them", async ({ expect }) => {
		const { store, remaining } = memoryStore([message(1, 10), message(2, 20), message(3, 10)]);
		const seen: number[] = [];
		const result = await drainOutbox(store, async (m) => {
			seen.push(m.id);
		});
		expect(seen).toEqual([1, 2, 3]);
		expect(result).toEqual({ delivered: 3, failed: 0 });
		expect(remaining).toEqual([]);
	});

	it("holds back (and gives back) later messages of a failed shard and reschedules with backoff", async ({
		expect,
	}) => {
		const { store, rescheduled, released, remaining } = memoryStore([message(1, 10), message(2, 20), message(3, 10)]);
		const now = new Date("2026-01-01T00:00:00Z");
		const seen: number[] = [];
		const result = await drainOutbox(
			store,
			async (m) => {
				seen.push(m.id);
				if (m.id === 1) throw new Error("region unavailable");
			},
			{ now },
		);
		expect(seen).toEqual([1, 2]);
		expect(result).toEqual({ delivered: 1, failed: 1 });
		expect(remaining.map((m) => m.id)).toEqual([1, 3]);
		expect(rescheduled).toEqual([{ id: 1, error: "region unavailable", at: new Date(now.getTime() + 2_000) }]);
		expect(released).toEqual([3]);
	});

	it("backs off exponentially up to ten minutes", ({ expect }) => {
		expect([0, 1, 2, 3].map(outboxRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000]);
		expect(outboxRetryDelayMs(20)).toBe(600_000);
	});
});
