/**
 * Load, on loopback only and bounded: SENDERS concurrent senders post EVENTS_EACH error envelopes
 * each to the running stack's relay. Afterwards the events the relay accepted (200) are exactly the
 * events stored, read straight from the stack's local D1: none lost, none stored twice, and the
 * issue they share has seen each of them once.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { queryRegionDb } from "./stack";

const SENDERS = 32;
const EVENTS_EACH = 60;
const STORE_DEADLINE_MS = 180_000;

const stack = inject("stack");
const { username: publicKey, pathname } = new URL(stack.dsn);
const envelopeUrl = `${stack.url}/api${pathname}/envelope/?sentry_key=${publicKey}&sentry_version=7`;
const run = randomUUID().slice(0, 8);
const release = `load@${run}`;

function envelope(eventId: string): string {
	const event = {
		event_id: eventId,
		release,
		platform: "node",
		fingerprint: [release],
		exception: {
			values: [
				{
					type: "LoadError",
					value: `load ${run}`,
					stacktrace: { frames: Array.from({ length: 10 }, (_, index) => ({ function: `f${index}`, lineno: index })) },
				},
			],
		},
	};
	return `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
}

const regionDb = <Row>(sql: string) => queryRegionDb<Row>("wrangler.toml", `${stack.home}/state`, sql);

describe("many concurrent senders", () => {
	it(`${SENDERS} × ${EVENTS_EACH} events: every accepted event is stored exactly once`, {
		timeout: 300_000,
	}, async () => {
		const accepted = new Set<string>();
		const statuses: Record<number, number> = {};
		await Promise.all(
			Array.from({ length: SENDERS }, async () => {
				for (let index = 0; index < EVENTS_EACH; index++) {
					const eventId = randomUUID().replace(/-/g, "");
					const response = await fetch(envelopeUrl, { method: "POST", body: envelope(eventId) });
					await response.arrayBuffer();
					statuses[response.status] = (statuses[response.status] ?? 0) + 1;
					if (response.status === 200) accepted.add(eventId);
				}
			}),
		);
		expect(accepted.size, JSON.stringify(statuses)).toBeGreaterThan(0);

		const storedIds = () =>
			regionDb<{ event_id: string }>(`select event_id from events where release = '${release}'`).map(
				(row) => row.event_id,
			);
		const deadline = Date.now() + STORE_DEADLINE_MS;
		let stored = storedIds();
		while (stored.length < accepted.size && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			stored = storedIds();
		}
		// Accepted (200) and stored agree exactly: nothing lost, nothing duplicated, nothing extra.
		expect({ stored: stored.length, distinct: new Set(stored).size, statuses }).toEqual({
			stored: accepted.size,
			distinct: accepted.size,
			statuses,
		});
		expect(new Set(stored)).toEqual(accepted);
		const [issue] = regionDb<{ times_seen: number }>(
			`select times_seen from groups where title = 'LoadError: load ${run}'`,
		);
		expect(issue?.times_seen).toBe(accepted.size);
	});
});
