/** Sending sessions through the ingest consumer and reading them back through the sessions API. */
import { env } from "cloudflare:workers";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { runConsumer } from "../../consumers";
import { api, queueMessage, type Tenant } from "../../tenant";

const encoder = new TextEncoder();
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const iso = (time: number) => new Date(time).toISOString();
/** A time this many hours before the start of the current hour, plus some minutes. */
export const hoursAgo = (hours: number, minutes = 5) =>
	Math.floor(Date.now() / HOUR) * HOUR - hours * HOUR + minutes * 60_000;

export const sid = () => crypto.randomUUID();

export function sessionItem(payload: object) {
	return { headers: { type: "session" }, payload: encoder.encode(JSON.stringify(payload)) };
}
export function aggregatesItem(payload: object) {
	return { headers: { type: "sessions" }, payload: encoder.encode(JSON.stringify(payload)) };
}

/** A session update as the JavaScript SDK sends it. */
export const update = (fields: Record<string, unknown>) => ({
	init: false,
	status: "ok",
	errors: 0,
	timestamp: iso(Date.now()),
	...fields,
	attrs: { release: "app@1.0.0", environment: "production", ...(fields.attrs as object) },
});

/** Runs the ingest consumer on one batch of messages, as the queue would. */
export const consume = (bodies: unknown[]) => runConsumer(consumeRegionQueue, "ingest-us", bodies, env);

export const messageOf = (tenant: Tenant, items: ReturnType<typeof sessionItem>[]) =>
	queueMessage(tenant, { headers: { sent_at: iso(Date.now()) }, items });

export interface SessionsAnswer {
	start: string;
	end: string;
	intervals: string[];
	groups: {
		by: Record<string, unknown>;
		totals: Record<string, number | null>;
		series: Record<string, (number | null)[]>;
	}[];
	query: string;
}

export async function sessions(tenant: Tenant, query: string): Promise<SessionsAnswer> {
	const response = await api(`/api/0/organizations/${tenant.slug}/sessions/?${query}`, tenant.token);
	if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
	return (await response.json()) as SessionsAnswer;
}

/** `totals` of the group whose `by` has these values. */
export function totalsOf(answer: SessionsAnswer, by: Record<string, unknown> = {}) {
	const group = answer.groups.find((candidate) =>
		Object.entries(by).every(([key, value]) => candidate.by[key] === value),
	);
	return group?.totals;
}
