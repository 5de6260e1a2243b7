/** Running queue consumers directly in tests: capture what a stage sends, run a batch, read its acks and retries. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";

/** Keeps what a stage sends, so the test hands it to the next stage's consumer itself. */
export class CapturingQueue {
	readonly bodies: unknown[] = [];
	async send(body: unknown) {
		this.bodies.push(body);
	}
	async sendBatch(messages: Iterable<MessageSendRequest>) {
		for (const { body } of messages) this.bodies.push(body);
	}
	/** As the binding it stands in for. */
	get binding(): Queue {
		return this as unknown as Queue;
	}
}

type Consumer = (batch: MessageBatch<unknown>, environment: Cloudflare.Env) => Promise<void>;

export async function runConsumer(consumer: Consumer, queue: string, bodies: unknown[], environment: Cloudflare.Env) {
	const batch = createMessageBatch(
		queue,
		bodies.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
	);
	// getQueueResult does not report retry delays, so each message's retry() notes its own.
	const retryDelays: (number | undefined)[] = [];
	for (const message of batch.messages) {
		const retry = message.retry.bind(message);
		message.retry = (options?: QueueRetryOptions) => {
			retryDelays.push(options?.delaySeconds);
			retry(options);
		};
	}
	const ctx = createExecutionContext();
	await consumer(batch, environment);
	return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

const overloaded = () => Promise.reject(new Error("D1_ERROR: overloaded"));

function overloadedStatement(statement: D1PreparedStatement): D1PreparedStatement {
	return new Proxy(statement, {
		get: (target, property) => {
			if (property === "bind") return (...values: unknown[]) => overloadedStatement(target.bind(...values));
			if (["all", "run", "first", "raw"].includes(String(property))) return overloaded;
			return Reflect.get(target, property, target);
		},
	});
}

/** The D1 database during an outage: every query and batch fails as D1 fails when it is overloaded. */
export function overloadedD1(db: D1Database): D1Database {
	return new Proxy(db, {
		get: (target, property) => {
			if (property === "batch" || property === "exec") return overloaded;
			if (property === "prepare") return (sql: string) => overloadedStatement(target.prepare(sql));
			return Reflect.get(target, property, target);
		},
	});
}

/**
 * A D1 database that refuses every statement bound with a value containing `marker`, whether run
 * alone or in a batch (the rows of one message D1 will not take, or one event's lookups failing);
 * or, with `answer` never settling, leaves them unanswered.
 */
export function refusingD1(
	db: D1Database,
	marker: string,
	answer = () => Promise.reject(new Error(`D1_ERROR: refused a statement with ${marker}`)),
): D1Database {
	const refused = new WeakSet<D1PreparedStatement>();
	const unwrapped = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
	const watched = (statement: D1PreparedStatement): D1PreparedStatement => {
		const proxy = new Proxy(statement, {
			get: (target, property) => {
				if (property === "bind")
					return (...values: unknown[]) => {
						const bound = watched(target.bind(...values));
						if (values.some((value) => String(value).includes(marker))) refused.add(bound);
						return bound;
					};
				if (["all", "run", "first", "raw"].includes(String(property)) && refused.has(proxy)) return answer;
				const value = Reflect.get(target, property, target);
				return typeof value === "function" ? value.bind(target) : value;
			},
		});
		unwrapped.set(proxy, statement);
		return proxy;
	};
	return new Proxy(db, {
		get: (target, property) => {
			if (property === "prepare") return (sql: string) => watched(target.prepare(sql));
			if (property === "batch")
				return (statements: D1PreparedStatement[]) =>
					statements.some((statement) => refused.has(statement))
						? answer()
						: target.batch(statements.map((statement) => unwrapped.get(statement) ?? statement));
			const value = Reflect.get(target, property, target);
			return typeof value === "function" ? value.bind(target) : value;
		},
	});
}
