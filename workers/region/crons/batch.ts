/**
 * What the check-ins of one ingest batch see: rows as storage had them, overlaid with what earlier
 * check-ins of the same batch planned but the batch has not written yet (its messages' plans are
 * written together at the end). Each planned version remembers its message's plan and the first
 * statement it added there; when an item's writes are rolled back (a poison item), that statement
 * is gone from the plan and so is the version.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { RegionDb } from "../../lib/db";
import type { ItemContext } from "../ingest";

type Plan = ItemContext["plan"];
interface Version {
	value: unknown;
	/** The plan's statement at `index` when this version was planned; none for what storage had. */
	planned?: { plan: Plan; marker: BatchItem<"sqlite">; index: number };
}

/** The batch's view for one message: the versions all its messages share, and this message's plan. */
export class CronBatch {
	constructor(
		readonly db: RegionDb,
		private readonly plan: Plan,
		private readonly versions: Map<string, Version[]>,
	) {}

	private current(key: string): Version | undefined {
		const versions = this.versions.get(key);
		if (!versions) return undefined;
		while (versions.length) {
			const top = versions.at(-1) as Version;
			if (!top.planned || top.planned.plan.statements[top.planned.index] === top.planned.marker) return top;
			versions.pop();
		}
		this.versions.delete(key);
		return undefined;
	}

	/** The batch's view of `key`, loading what storage has the first time (undefined: none). */
	async read<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
		const known = this.current(key);
		if (known) return known.value as T | undefined;
		const value = await load();
		this.versions.set(key, [{ value }]);
		return value;
	}

	/** Records what storage has for `key` unless the batch already knows it (rows read in bulk). */
	know(key: string, value: unknown): void {
		if (!this.current(key)) this.versions.set(key, [{ value }]);
	}

	/** The batch's view of `key` if it has one, without loading. */
	peek<T>(key: string): T | undefined {
		return this.current(key)?.value as T | undefined;
	}

	/** Plans `statements` and makes `value` what the rest of the batch sees for `key`. */
	write(key: string, value: unknown, statements: BatchItem<"sqlite">[]): void {
		const [marker] = statements;
		if (!marker) throw new Error("a planned version needs a statement");
		const index = this.plan.statements.length;
		for (const statement of statements) this.plan.run(statement);
		this.versions.set(key, [...(this.versions.get(key) ?? []), { value, planned: { plan: this.plan, marker, index } }]);
	}

	/** Plans statements whose rows are read back elsewhere by key (e.g. a new check-in's id by its guid). */
	note(key: string, value: unknown, marker: BatchItem<"sqlite">): void {
		const index = this.plan.statements.indexOf(marker);
		if (index < 0) throw new Error("noted statement is not in the plan");
		this.versions.set(key, [...(this.versions.get(key) ?? []), { value, planned: { plan: this.plan, marker, index } }]);
	}
}

/** Keyed by the batch's database handle: the consumer makes one per queue batch, shared by its messages. */
const batches = new WeakMap<RegionDb, Map<string, Version[]>>();

/** The cron state of the queue batch `ctx` belongs to, planning into `ctx`'s own plan. */
export function cronBatchOf(ctx: ItemContext): CronBatch {
	let versions = batches.get(ctx.db);
	if (!versions) {
		versions = new Map();
		batches.set(ctx.db, versions);
	}
	return new CronBatch(ctx.db, ctx.plan, versions);
}
