/**
 * The outbox drainer (Sentry's outbox pattern): messages written in the same D1 batch as the change
 * that caused them are delivered to the other silo with retries, in id order per shard. A failed
 * message holds back the later messages of its shard until it goes through; receivers are idempotent,
 * so a crash after delivery but before removal only means one more (harmless) delivery.
 *
 * Drains may run at once (the cron, and routes that drain right after a change): a drain first
 * claims its messages (a lease, in one atomic statement), and only the claimer delivers them, so a
 * message is not delivered twice at the same time and a later message of a claimed shard waits.
 */
export interface OutboxMessage {
	id: number;
	category: string;
	shardIdentifier: number;
	objectIdentifier: number;
	payload: unknown;
	attempts: number;
}

export interface OutboxStore<M extends OutboxMessage> {
	/** Leases the due messages at the head of their shards to this drain, in id order. */
	claim(now: Date, limit: number): Promise<M[]>;
	/** Gives back a claimed message this drain did not try (its shard failed first). */
	release(message: M, now: Date): Promise<void>;
	/** Records the delivery (and anything the sender does on success) and removes the message. */
	delivered(message: M): Promise<void>;
	reschedule(message: M, error: string, at: Date): Promise<void>;
}

export interface DrainResult {
	delivered: number;
	failed: number;
}

/** How long a claim holds: a drain that died mid-delivery frees its messages after this. */
export const OUTBOX_LEASE_MS = 60_000;

/** Exponential backoff, 2 s doubling up to 10 minutes. */
export function outboxRetryDelayMs(attempts: number): number {
	return Math.min(2_000 * 2 ** attempts, 600_000);
}

export async function drainOutbox<M extends OutboxMessage>(
	store: OutboxStore<M>,
	deliver: (message: M) => Promise<void>,
	options: { now?: Date; limit?: number } = {},
): Promise<DrainResult> {
	const now = options.now ?? new Date();
	const blockedShards = new Set<number>();
	const result: DrainResult = { delivered: 0, failed: 0 };
	for (const message of await store.claim(now, options.limit ?? 100)) {
		if (blockedShards.has(message.shardIdentifier)) {
			await store.release(message, now);
			continue;
		}
		try {
			await deliver(message);
			await store.delivered(message);
			result.delivered++;
		} catch (error) {
			blockedShards.add(message.shardIdentifier);
			const at = new Date(now.getTime() + outboxRetryDelayMs(message.attempts));
			await store.reschedule(message, error instanceof Error ? error.message : String(error), at);
			result.failed++;
		}
	}
	return result;
}
