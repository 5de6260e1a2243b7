/** Check-ins at chosen receive times through the real ingest consumer, the clock at chosen ticks, and reads of the result. */
import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { monitorCheckIns, monitorEnvironments, monitors } from "../../../../schema/region";
import { base64ToBytes } from "../../../../workers/lib/base64";
import { regionDb } from "../../../../workers/lib/db";
import { parseEnvelope } from "../../../../workers/lib/envelope";
import { tickMonitorClock } from "../../../../workers/region/crons";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { CapturingQueue, runConsumer } from "../../consumers";
import { api, queueMessage, type Tenant } from "../../tenant";

export const region = regionDb("MONOLITH", env.REGION_DB);
const encoder = new TextEncoder();

export const at = (iso: string) => Date.parse(iso);

/** Each payload as its own envelope, received at `receivedAt`, consumed as one batch (with `environment`'s bindings). */
export const sendCheckInsWith =
	(environment: Cloudflare.Env) =>
	(tenant: Tenant, receivedAt: number, ...payloads: object[]) => {
		const bodies = payloads.map((payload) => ({
			...queueMessage(tenant, {
				headers: {},
				items: [{ headers: { type: "check_in" }, payload: encoder.encode(JSON.stringify(payload)) }],
			}),
			receivedAt,
		}));
		return runConsumer(consumeRegionQueue, "ingest-us", bodies, environment);
	};
export const sendCheckIns = sendCheckInsWith(env);

/** One tick of the clock at `now`; what it enqueued is consumed as the ingest consumer would. */
export async function tick(now: number, maxPerTick?: number, environment: Cloudflare.Env = env) {
	const queue = new CapturingQueue();
	const result = await tickMonitorClock(region, queue as unknown as Queue, now, maxPerTick);
	if (queue.bodies.length) await runConsumer(consumeRegionQueue, "ingest-us", queue.bodies, environment);
	return { ...result, messages: queue.bodies };
}

export async function monitorState(tenant: Tenant, slug: string) {
	const monitor = await region.query.monitors.findFirst({
		where: and(eq(monitors.organizationId, tenant.organizationId), eq(monitors.slug, slug)),
	});
	if (!monitor) return undefined;
	const environments = await region
		.select()
		.from(monitorEnvironments)
		.where(eq(monitorEnvironments.monitorId, monitor.id));
	const checkIns = await region
		.select()
		.from(monitorCheckIns)
		.where(eq(monitorCheckIns.monitorId, monitor.id))
		.orderBy(asc(monitorCheckIns.dateAdded));
	return { monitor, environments, checkIns };
}

export const statuses = async (tenant: Tenant, slug: string) =>
	(await monitorState(tenant, slug))?.checkIns.map((checkIn) => checkIn.status);

export async function json<T>(tenant: Tenant, path: string): Promise<T> {
	const response = await api(path, tenant.token);
	if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

const decoder = new TextDecoder();

/** The monitor slugs of the clock's messages. */
export const slugsOf = (bodies: unknown[]) =>
	bodies.flatMap((body) => {
		const parsed = parseEnvelope(base64ToBytes((body as { envelope: string }).envelope) ?? new Uint8Array());
		return parsed.ok
			? parsed.envelope.items.map((item) => JSON.parse(decoder.decode(item.payload)).monitor_slug as string)
			: [];
	});

export const hourly = (extra: object = {}) => ({ schedule: { type: "crontab", value: "0 * * * *" }, ...extra });
