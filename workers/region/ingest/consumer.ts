/**
 * The `ingest-<region>` queue consumer, as a short recipe: decode each message → skip what is
 * already stored → plan each message on its own (its envelope's items into a write plan of its own,
 * within a time budget) → store the plans (store.ts: R2, then one D1 batch; message by message if
 * the batch fails) → send each stored error event to `postprocess-<region>` → ack → delete what the
 * relay staged for it in R2 (a large envelope, the spool's copy). Each message ends in exactly one
 * of: stored, already stored, dead-lettered with its reason (ack), or retried on its own because
 * storage, its budget or the post-process send failed (nothing half-written); the other messages of
 * its batch are stored all the same. Stored and already-stored messages both (re)send their
 * events' post-process messages before the ack, so a crash between the commit and the send loses
 * nothing; the post-process consumer is idempotent.
 */
import { inArray } from "drizzle-orm";
import { ingestedMessages, projects } from "../../../schema/region";
import { base64ToBytes } from "../../lib/base64";
import { IN_LIST_LIMIT, type RegionDb, regionDb, slicesOf } from "../../lib/db";
import { parseEnvelope } from "../../lib/envelope";
import { type IngestEnvelopeMessage, IngestMessage } from "../../lib/messages";
import { settingsOf } from "../../lib/settings";
import { assertSilo } from "../../lib/silo";
import { withTimeout } from "../../lib/timeout";
import type { RegionBindings } from "../env";
import { type SourceFileIndex, SourceFilesUnavailable, sourceFileIndex } from "../sourcemaps";
import { toDeadLetter } from "./dead-letters";
import { handleItem, type ItemContext, type ItemHandlers, PoisonItem } from "./items";
import { storedEventIds } from "./persist";
import { type Decoded, storePlanned } from "./store";
import { WritePlan } from "./write-plan";

/**
 * How long planning one message may wait on storage (the symbolication lookups) before that message
 * is retried on its own. Its CPU work is bounded by trimming and linear scanning (docs/reliability.md).
 */
export const MESSAGE_BUDGET_MS = 15_000;

const messageKey = (body: IngestMessage) =>
	body.type === "ingest.outcomes"
		? `outcomes:${body.id}`
		: `envelope:${body.projectId}:${body.eventId}:${body.receivedAt}`;

async function alreadyIngested(db: RegionDb, keys: string[]): Promise<Set<string>> {
	const found = new Set<string>();
	for (const slice of slicesOf(keys, IN_LIST_LIMIT)) {
		const rows = await db
			.select({ key: ingestedMessages.key })
			.from(ingestedMessages)
			.where(inArray(ingestedMessages.key, slice));
		for (const row of rows) found.add(row.key);
	}
	return found;
}

class PoisonMessage extends Error {}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");

async function envelopeBytes(body: IngestEnvelopeMessage, bucket: R2Bucket): Promise<Uint8Array> {
	if (body.envelope !== undefined) {
		const bytes = base64ToBytes(body.envelope);
		if (!bytes) throw new PoisonMessage("envelope is not valid base64");
		return bytes;
	}
	const object = await bucket.get(body.envelopeKey as string);
	if (!object) throw new PoisonMessage(`envelope ${body.envelopeKey} is missing from R2`);
	return new Uint8Array(await object.arrayBuffer());
}

async function planEnvelope(
	handlers: ItemHandlers,
	db: RegionDb,
	env: RegionBindings,
	plan: WritePlan,
	body: IngestEnvelopeMessage,
	retentionDays: number,
	knownEventIds: Set<string>,
	sourceFiles: SourceFileIndex,
) {
	const parsed = parseEnvelope(await envelopeBytes(body, env.EVENTS_BUCKET));
	if (!parsed.ok) throw new PoisonMessage(`unparseable envelope: ${parsed.reason}`);
	const ctx: ItemContext = {
		db,
		env,
		plan,
		organizationId: body.organizationId,
		projectId: body.projectId,
		keyId: body.keyId,
		eventId: body.eventId,
		receivedAt: body.receivedAt,
		envelopeHeaders: parsed.envelope.headers,
		clientIp: body.clientIp,
		retentionDays,
		knownEventIds,
		eventStoredBefore: knownEventIds.has(body.eventId),
		sourceFiles,
	};
	for (const [index, item] of parsed.envelope.items.entries()) {
		const checkpoint = plan.checkpoint();
		try {
			await handleItem(handlers, ctx, item, index);
		} catch (error) {
			plan.rollback(checkpoint);
			// Only symbolication reads storage while planning: its failures retry the message.
			if (error instanceof SourceFilesUnavailable) throw error;
			// Any other error is a bug that this item triggers every time.
			if (!(error instanceof PoisonItem))
				throw new PoisonMessage(`${item.headers.type} item ${index} could not be processed: ${errorText(error)}`);
			plan.count({
				...ctx,
				timestamp: body.receivedAt,
				outcome: "invalid",
				reason: "invalid_item",
				category: "default",
				quantity: 1,
			});
		}
	}
}

/** Event ids each project already has, for the whole batch at once (one query per project). */
async function knownEventIdsByProject(db: RegionDb, entries: Decoded[]): Promise<Map<number, Set<string>>> {
	const idsByProject = new Map<number, string[]>();
	for (const { body } of entries) {
		if (body.type === "ingest.envelope")
			idsByProject.set(body.projectId, [...(idsByProject.get(body.projectId) ?? []), body.eventId]);
	}
	const known = new Map<number, Set<string>>();
	for (const [projectId, eventIds] of idsByProject) known.set(projectId, await storedEventIds(db, projectId, eventIds));
	return known;
}

/** `handlers` decides which capability stores which item type (workers/region/items.ts). */
export async function consumeIngestBatch(
	batch: MessageBatch<unknown>,
	env: RegionBindings,
	handlers: ItemHandlers,
): Promise<void> {
	const settings = settingsOf(env);
	assertSilo(settings.siloMode, "region", `queue consumer ${batch.queue}`);
	const db = regionDb(settings.siloMode, env.REGION_DB);

	const decoded: Decoded[] = [];
	for (const message of batch.messages) {
		const parsed = IngestMessage.safeParse(message.body);
		if (parsed.success) decoded.push({ message, body: parsed.data, key: messageKey(parsed.data) });
		else await toDeadLetter(env, message, `invalid message: ${parsed.error.issues[0]?.message ?? "schema"}`);
	}
	const done = await alreadyIngested(
		db,
		decoded.map(({ key }) => key),
	);
	const fresh = decoded.filter((entry) => !done.has(entry.key));
	const alreadyStored = decoded.filter((entry) => done.has(entry.key));
	const projectRows = fresh.length
		? await db
				.select()
				.from(projects)
				.where(inArray(projects.id, [...new Set(fresh.map(({ body }) => body.projectId))]))
		: [];
	// One source-file index per project and batch: it remembers which releases have uploads.
	const projectById = new Map(
		projectRows.map((project) => [
			project.id,
			{ ...project, sourceFiles: sourceFileIndex(db, env.EVENTS_BUCKET, project.organizationId, project.id) },
		]),
	);

	// Shared per project, so the same event twice in one batch is also stored once.
	const knownEventIds = await knownEventIdsByProject(db, fresh);
	const planned: { entry: Decoded; plan: WritePlan }[] = [];
	for (const entry of fresh) {
		const { body, message } = entry;
		const project = projectById.get(body.projectId);
		if (!project || project.organizationId !== body.organizationId) {
			await toDeadLetter(
				env,
				message,
				`project ${body.projectId} of organization ${body.organizationId} is not in this region`,
			);
			continue;
		}
		// A plan of its own: a message that fails or runs out of time leaves nothing in the others'.
		const plan = new WritePlan();
		const planning = async () => {
			if (body.type === "ingest.outcomes") {
				for (const outcome of body.outcomes) plan.count({ ...outcome, ...body, keyId: body.keyId ?? 0 });
			} else {
				const known = knownEventIds.get(body.projectId) ?? new Set();
				await planEnvelope(handlers, db, env, plan, body, project.eventRetentionDays, known, project.sourceFiles);
			}
			plan.run(db.insert(ingestedMessages).values({ key: entry.key }).onConflictDoNothing());
		};
		try {
			await withTimeout(planning(), MESSAGE_BUDGET_MS, `planning message ${message.id}`);
			planned.push({ entry, plan });
		} catch (error) {
			if (error instanceof PoisonMessage) {
				await toDeadLetter(env, message, error.message);
			} else {
				console.error("a message could not be planned; it alone is retried", error);
				message.retry();
			}
		}
	}
	await storePlanned(db, env, planned, alreadyStored);
}
