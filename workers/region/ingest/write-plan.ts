/**
 * What a message (and, merged, a queue batch) will write: R2 objects first (keys are deterministic,
 * so writing twice is harmless), then every row in ONE D1 batch — all of a plan is stored, or none
 * of it. Items add to the plan; they never write themselves.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { RegionDb } from "../../lib/db";
import type { OutcomeCount } from "../../lib/outcomes";
import type { Grouping } from "./grouping";

export interface PlannedEvent {
	organizationId: number;
	projectId: number;
	eventId: string;
	timestamp: number;
	receivedAt: number;
	event: Record<string, unknown>;
	grouping: Grouping;
	userKey: string | undefined;
	bodyKey: string;
}

export interface OutcomeTally extends OutcomeCount {
	organizationId: number;
	projectId: number;
	keyId: number;
	timestamp: number;
}

/** Where a plan stood: what `rollback` returns it to. */
export interface Checkpoint {
	lengths: number[];
	collected: Map<string, number>;
}

type Collector = { items: unknown[]; finish: (items: unknown[], plan: WritePlan) => void | Promise<void> };

export class WritePlan {
	readonly objects: { key: string; body: string | Uint8Array; contentType: string }[] = [];
	readonly statements: BatchItem<"sqlite">[] = [];
	readonly events: PlannedEvent[] = [];
	readonly outcomes: OutcomeTally[] = [];
	/** What items gather and plan at once for all of a plan's messages (e.g. one log segment per project). */
	private readonly collectors = new Map<string, Collector>();

	put(key: string, body: string | Uint8Array, contentType = "application/json"): void {
		this.objects.push({ key, body, contentType });
	}

	run(statement: BatchItem<"sqlite">): void {
		this.statements.push(statement);
	}

	count(tally: OutcomeTally): void {
		this.outcomes.push(tally);
	}

	/**
	 * Gathers `item` under `name`; `finish` (the same for a name) gets all that the plan gathered
	 * under it, once, just before the plan is written, and adds their writes to the plan it is given
	 * (that plan, or the batch's plan it was merged into).
	 */
	collect<T>(name: string, item: T, finish: (items: T[], plan: WritePlan) => void | Promise<void>): void {
		const collector = this.collectors.get(name) ?? { items: [], finish: finish as Collector["finish"] };
		collector.items.push(item);
		this.collectors.set(name, collector);
	}

	/** Plans what the collectors gathered; called once, just before the plan is written. */
	async finish(): Promise<void> {
		for (const { items, finish } of this.collectors.values()) if (items.length) await finish(items, this);
		this.collectors.clear();
	}

	/** One plan holding all of `plans` (a batch's messages), which stay as they were. */
	static merged(plans: WritePlan[]): WritePlan {
		const merged = new WritePlan();
		for (const plan of plans) {
			merged.objects.push(...plan.objects);
			merged.statements.push(...plan.statements);
			merged.events.push(...plan.events);
			merged.outcomes.push(...plan.outcomes);
			for (const [name, { items, finish }] of plan.collectors) {
				const collector = merged.collectors.get(name) ?? { items: [], finish };
				collector.items.push(...items);
				merged.collectors.set(name, collector);
			}
		}
		return merged;
	}

	/** Where the plan stands now, to roll back to when an item turns out to be poison. */
	checkpoint(): Checkpoint {
		return {
			lengths: [this.objects.length, this.statements.length, this.events.length, this.outcomes.length],
			collected: new Map([...this.collectors].map(([name, { items }]) => [name, items.length])),
		};
	}

	rollback({ lengths: [objects, statements, events, outcomes], collected }: Checkpoint): void {
		this.objects.length = objects ?? 0;
		this.statements.length = statements ?? 0;
		this.events.length = events ?? 0;
		this.outcomes.length = outcomes ?? 0;
		for (const [name, { items }] of this.collectors) items.length = collected.get(name) ?? 0;
	}
}

export async function executePlan(db: RegionDb, bucket: R2Bucket, statements: BatchItem<"sqlite">[], plan: WritePlan) {
	await Promise.all(
		plan.objects.map(({ key, body, contentType }) => bucket.put(key, body, { httpMetadata: { contentType } })),
	);
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
}
