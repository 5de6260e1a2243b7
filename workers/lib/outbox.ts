/**
 * The outbox drainer (Sentry's outbox pattern): messages written in the same D1 batch as the change
 * that caused them are delivered to the other silo with retries, in id order per shard. A failed
 * message holds back the later messages of its shard until it goes through; receivers are idempotent,
 * so a crash after delivery but before removal only means one more (harmless) delivery.
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
	due(now: Date, limit: number): Promise<M[]>;
	/** Records the delivery (and anything the sender does on success) and removes the message. */
	delivered(message: M): Promise<void>;
	reschedule(message: M, error: string, at: Date): Promise<void>;
}

export interface DrainResult {
	delivered: number;
	failed: number;
}

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
	for (const message of await store.due(now, options.limit ?? 100)) {
		if (blockedShards.has(message.shardIdentifier)) continue;
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
