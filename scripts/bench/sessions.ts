/**
 * npm run bench:sessions: what a session item costs the ingest consumer, as a ratio to an error
 * event measured in the same run, and how many D1 rows release health writes. The real consumer
 * runs inside workerd (scripts/bench/consumer-worker.ts under Miniflare, with local D1 and R2 as
 * `npm start` has them) on batches of 50 queue messages; the time is the wall clock around each
 * run. Rows written are D1's own `rows_written`; rows kept per hour bucket are counted afterwards.
 */
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { bytesToBase64 } from "../../workers/lib/base64";
import { serializeEnvelope } from "../../workers/lib/envelope";
import type { IngestEnvelopeMessage } from "../../workers/lib/messages";
import { ROOT } from "../lib/wrangler";
import { runIfMain } from "./harness";
import { envelope as errorEnvelope } from "./pipeline";

const ITEMS = Number(process.env.BENCH_SESSION_ITEMS ?? 1000);
const BATCH = 50;
const USERS = 100;
const ORGANIZATION = 1;
const PROJECT = 1;
const encoder = new TextEncoder();

export interface SessionFigures {
	items: number;
	errorMsPerItem: number;
	sessionMsPerItem: number;
	aggregateMsPerItem: number;
	errorRowsPerItem: number;
	sessionRowsPerItem: number;
	aggregateRowsPerItem: number;
	/** Rows kept for one hour of `items / 2` sessions (init + exited each) of one release. */
	rowsPerHourBucket: Record<string, number>;
}

/** `kind` is a hex digit that keeps each run's event ids apart. */
const message = (body: Uint8Array, index: number, kind: string): IngestEnvelopeMessage => ({
	type: "ingest.envelope",
	v: 1,
	eventId: `${kind}${index}`.padStart(32, "0").slice(-32),
	receivedAt: Date.now(),
	organizationId: ORGANIZATION,
	projectId: PROJECT,
	keyId: 1,
	envelope: bytesToBase64(body),
});

const sessionEnvelope = (payload: object, type = "session") =>
	serializeEnvelope({
		headers: { sent_at: new Date().toISOString() },
		items: [{ headers: { type }, payload: encoder.encode(JSON.stringify(payload)) }],
	});

/** Page loads as the browser SDK reports them: an init update, then the exited one with its duration. */
function sessionMessages(items: number, release: string, kind = "5"): IngestEnvelopeMessage[] {
	const started = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 60_000).toISOString();
	const tail = crypto.randomUUID().slice(8);
	return Array.from({ length: items }, (_, index) => {
		const session = Math.floor(index / 2);
		const exited = index % 2 === 1;
		const payload = {
			sid: `${session.toString(16).padStart(8, "0")}${tail}`,
			did: `user-${session % USERS}`,
			init: !exited,
			started,
			status: exited ? "exited" : "ok",
			...(exited ? { duration: 5 + (session % 600) } : {}),
			errors: 0,
			attrs: { release, environment: "production" },
		};
		return message(sessionEnvelope(payload), index, kind);
	});
}

function aggregateMessages(items: number, release: string): IngestEnvelopeMessage[] {
	const started = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
	return Array.from({ length: items }, (_, index) =>
		message(
			sessionEnvelope(
				{
					attrs: { release, environment: "production" },
					aggregates: [{ started, exited: 40, errored: 2, crashed: 1 }],
				},
				"sessions",
			),
			index,
			"a",
		),
	);
}

async function consumerWorker(): Promise<Miniflare> {
	const bundle = await build({
		entryPoints: [`${ROOT}scripts/bench/consumer-worker.ts`],
		bundle: true,
		format: "esm",
		platform: "neutral",
		conditions: ["workerd", "worker", "browser"],
		mainFields: ["module", "main"],
		external: ["cloudflare:*"],
		write: false,
		logLevel: "silent",
	});
	const vars = Object.fromEntries(
		[...readFileSync(`${ROOT}wrangler.toml`, "utf8").matchAll(/^([A-Z_]+) = (?:'([^']*)'|"([^"]*)")$/gm)].map(
			([, name, single, double]) => [name, single ?? double],
		),
	);
	const mf = new Miniflare({
		modules: [{ type: "ESModule", path: "consumer.js", contents: bundle.outputFiles[0]?.text ?? "" }],
		compatibilityDate: "2026-04-01",
		bindings: vars,
		d1Databases: ["REGION_DB"],
		r2Buckets: ["EVENTS_BUCKET"],
	});
	const db = await mf.getD1Database("REGION_DB");
	const migrations = readdirSync(`${ROOT}schema/migrations/region`).filter((name) => name.endsWith(".sql"));
	for (const name of migrations.sort()) {
		for (const statement of readFileSync(`${ROOT}schema/migrations/region/${name}`, "utf8").split(
			"--> statement-breakpoint",
		)) {
			if (statement.trim()) await db.prepare(statement).run();
		}
	}
	await db
		.prepare("insert into organizations (id, slug, name, status, created_at) values (?, 'bench', 'bench', 'active', 0)")
		.bind(ORGANIZATION)
		.run();
	await db
		.prepare(
			"insert into projects (id, organization_id, slug, name, status, allowed_domains, filter_settings, event_retention_days, quotas, created_at) values (?, ?, 'bench', 'bench', 'active', '[\"*\"]', '{}', 90, '[]', 0)",
		)
		.bind(PROJECT, ORGANIZATION)
		.run();
	return mf;
}

/** Milliseconds per message and rows written per message of consuming `bodies`, 200 messages per request. */
async function measure(mf: Miniflare, bodies: IngestEnvelopeMessage[]) {
	let rowsWritten = 0;
	const started = performance.now();
	for (let start = 0; start < bodies.length; start += 200) {
		const response = await mf.dispatchFetch("http://bench/", {
			method: "POST",
			body: JSON.stringify(bodies.slice(start, start + 200)),
		});
		if (!response.ok) throw new Error(`consumer worker: ${response.status} ${await response.text()}`);
		rowsWritten += ((await response.json()) as { rowsWritten: number }).rowsWritten;
	}
	return { msPerItem: (performance.now() - started) / bodies.length, rowsPerItem: rowsWritten / bodies.length };
}

export async function benchSessions(items = ITEMS): Promise<SessionFigures> {
	const mf = await consumerWorker();
	try {
		const db = await mf.getD1Database("REGION_DB");
		const count = async (table: string, where = "1") =>
			(await db.prepare(`select count(*) as count from ${table} where ${where}`).first<{ count: number }>())?.count ??
			0;
		const run = Date.now().toString(16);
		const errors = (kind: string) =>
			Array.from({ length: items }, (_, index) =>
				message(encoder.encode(errorEnvelope(`${run}${index}`.padStart(32, "0").slice(-32), run)), index, kind),
			);
		// Warm-up: the first batches pay for compiling the consumer and preparing its statements.
		await measure(mf, errors("f").slice(0, 200));
		await measure(mf, sessionMessages(200, "warm@1", "6"));
		const error = await measure(mf, errors("e"));
		const statesBefore = await count("session_states");
		const session = await measure(mf, sessionMessages(items, "bench@1"));
		const rowsPerHourBucket: Record<string, number> = {
			session_states: (await count("session_states")) - statesBefore,
		};
		for (const table of ["release_sessions", "session_durations", "session_users"])
			rowsPerHourBucket[table] = await count(table, "release = 'bench@1'");
		const aggregate = await measure(mf, aggregateMessages(items, "bench@2"));
		return {
			items,
			errorMsPerItem: error.msPerItem,
			sessionMsPerItem: session.msPerItem,
			aggregateMsPerItem: aggregate.msPerItem,
			errorRowsPerItem: error.rowsPerItem,
			sessionRowsPerItem: session.rowsPerItem,
			aggregateRowsPerItem: aggregate.rowsPerItem,
			rowsPerHourBucket,
		};
	} finally {
		await mf.dispose();
	}
}

runIfMain(import.meta.url, async () => {
	const figures = await benchSessions();
	console.log(
		`sessions benchmark: ${figures.items} items of each kind through the ingest consumer (workerd under Miniflare, local D1), batches of ${BATCH}`,
	);
	console.log("| measure | value |\n| --- | --- |");
	console.log(
		`| error event | ${figures.errorMsPerItem.toFixed(2)} ms, ${figures.errorRowsPerItem.toFixed(1)} rows written |`,
	);
	console.log(
		`| session update item | ${figures.sessionMsPerItem.toFixed(2)} ms = ${(figures.sessionMsPerItem / figures.errorMsPerItem).toFixed(2)} × an error event, ${figures.sessionRowsPerItem.toFixed(1)} rows written |`,
	);
	console.log(
		`| sessions aggregate item | ${figures.aggregateMsPerItem.toFixed(2)} ms = ${(figures.aggregateMsPerItem / figures.errorMsPerItem).toFixed(2)} × an error event, ${figures.aggregateRowsPerItem.toFixed(1)} rows written |`,
	);
	console.log(
		`| rows kept for one hour of ${figures.items / 2} sessions, ${USERS} users | ${JSON.stringify(figures.rowsPerHourBucket)} |`,
	);
});
