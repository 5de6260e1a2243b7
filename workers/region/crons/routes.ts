/**
 * Sentry's monitor API (`/api/0/organizations/<org>/monitors/…`): list (what `sentry-cli monitors
 * list` reads), create, details, update, delete; a monitor's check-ins newest first and its
 * per-bucket stats; and the organization's check-in processing errors. Reading needs org:read or
 * alerts:read, changing alerts:write or org:write (Sentry's OrganizationAlertRulePermission).
 */
import { and, asc, desc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
	monitorCheckIns,
	monitorEnvironments,
	monitorProcessingErrors,
	monitors,
	projects,
} from "../../../schema/region";
import { randomHex } from "../../lib/crypto";
import { ApiError, notFound } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import { parsePeriod } from "../../lib/time-range";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireAnyScope } from "../organizations";
import { slugifyMonitorSlug } from "./check-in";
import { validateMonitorConfig } from "./config";
import { changesSchedule, monitorBySlugOrId, rescheduleEnvironments, serializeMonitors } from "./monitors";
import { serializeCheckIn, serializeProcessingError } from "./serializers";
import type { Monitor } from "./store";

const READ_SCOPES = ["org:read", "org:write", "org:admin", "alerts:read", "alerts:write"];
const WRITE_SCOPES = ["org:write", "org:admin", "alerts:write"];
const MAX_PER_PAGE = 100;
const MAX_STATS_BUCKETS = 1_000;

const MonitorFields = z.object({
	project: z.union([z.string().min(1), z.number().int()]),
	name: z.string().trim().min(1).max(128),
	slug: z.string().trim().min(1).max(200).optional(),
	status: z.enum(["active", "disabled"]).default("active"),
	isMuted: z.boolean().optional(),
	config: z.record(z.string(), z.unknown()),
});
const MonitorChange = MonitorFields.omit({ project: true, status: true })
	.extend({ status: z.enum(["active", "disabled"]) })
	.partial();

async function access(c: Context<RegionAppEnv>, scopes: string[]) {
	const found = await organizationAccess(c, c.req.param("organization") ?? "");
	requireAnyScope(found.caller, scopes);
	return found;
}

async function monitorAccess(c: Context<RegionAppEnv>, scopes: string[]) {
	const found = await access(c, scopes);
	const monitor = await monitorBySlugOrId(found.db, found.organization.id, c.req.param("monitor") ?? "");
	if (!monitor) throw notFound();
	return { ...found, monitor };
}

function configOrThrow(input: unknown, existing?: Monitor["config"]) {
	const result = validateMonitorConfig(input, existing);
	if (!result.ok) {
		throw new ApiError(
			400,
			Object.entries(result.errors)
				.map(([field, messages]) => `config.${field}: ${messages.join(" ")}`)
				.join("; "),
		);
	}
	return result.config;
}

async function slugIsFree(db: Parameters<typeof serializeMonitors>[0], organizationId: number, slug: string) {
	const taken = await db.query.monitors.findFirst({
		where: and(eq(monitors.organizationId, organizationId), eq(monitors.slug, slug)),
	});
	if (taken) throw new ApiError(400, `The slug "${slug}" is already in use.`);
}

const slugOf = (value: string) => {
	const slug = slugifyMonitorSlug(value);
	if (!slug) throw new ApiError(400, "slug: Enter a valid slug.");
	return slug;
};

/** `statsPeriod` (default 14d) or `start` and `end`, as Sentry's get_date_range_from_params. */
function dateRange(c: Context<RegionAppEnv>) {
	const start = c.req.query("start");
	const end = c.req.query("end");
	if (start && end) {
		const range = { start: Date.parse(start), end: Date.parse(end) };
		if (Number.isNaN(range.start) || Number.isNaN(range.end) || range.start > range.end)
			throw new ApiError(400, "Invalid date range");
		return range;
	}
	const now = Date.now();
	return { start: now - parsePeriod(c.req.query("statsPeriod"), "14d"), end: now };
}

const pageSize = (c: Context<RegionAppEnv>) =>
	Math.min(Math.max(Number(c.req.query("per_page") ?? MAX_PER_PAGE) || MAX_PER_PAGE, 1), MAX_PER_PAGE);

export const cronRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/monitors/", async (c) => {
		const { db, organization } = await access(c, READ_SCOPES);
		const projectIds = (c.req.queries("project") ?? []).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
		const environments = c.req.queries("environment") ?? [];
		const query = c.req.query("query")?.trim();
		const offset = parseCursor(c.req.query("cursor"));
		const limit = pageSize(c);
		const withEnvironment = db
			.select({ id: monitorEnvironments.monitorId })
			.from(monitorEnvironments)
			.where(
				and(
					eq(monitorEnvironments.organizationId, organization.id),
					inArray(monitorEnvironments.environment, environments),
				),
			);
		const rows = await db
			.select()
			.from(monitors)
			.where(
				and(
					eq(monitors.organizationId, organization.id),
					projectIds.length ? inArray(monitors.projectId, projectIds) : undefined,
					environments.length ? inArray(monitors.id, withEnvironment) : undefined,
					query
						? or(
								sql`instr(lower(${monitors.name}), lower(${query})) > 0`,
								sql`instr(${monitors.slug}, lower(${query})) > 0`,
							)
						: undefined,
				),
			)
			.orderBy(sql`lower(${monitors.name})`, asc(monitors.id))
			.limit(limit + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
		return c.json(await serializeMonitors(db, rows.slice(0, limit), environments));
	})
	.post("/api/0/organizations/:organization/monitors/", jsonBody(MonitorFields), async (c) => {
		const { db, organization } = await access(c, WRITE_SCOPES);
		const body = c.req.valid("json");
		const project = await db.query.projects.findFirst({
			where: and(
				eq(projects.organizationId, organization.id),
				typeof body.project === "number" || /^\d+$/.test(body.project)
					? eq(projects.id, Number(body.project))
					: eq(projects.slug, body.project),
			),
		});
		if (!project) throw new ApiError(400, "project: Invalid project");
		const slug = slugOf(body.slug ?? body.name);
		await slugIsFree(db, organization.id, slug);
		const [monitor] = await db
			.insert(monitors)
			.values({
				id: randomHex(16),
				organizationId: organization.id,
				projectId: project.id,
				slug,
				name: body.name,
				status: body.status,
				isMuted: body.isMuted ?? false,
				config: configOrThrow(body.config),
				dateCreated: new Date(),
			})
			.returning();
		return c.json((await serializeMonitors(db, monitor ? [monitor] : []))[0], 201);
	})
	.get("/api/0/organizations/:organization/monitors/:monitor/", async (c) => {
		const { db, monitor } = await monitorAccess(c, READ_SCOPES);
		return c.json((await serializeMonitors(db, [monitor], c.req.queries("environment") ?? []))[0]);
	})
	.put("/api/0/organizations/:organization/monitors/:monitor/", jsonBody(MonitorChange), async (c) => {
		const { db, monitor } = await monitorAccess(c, WRITE_SCOPES);
		const change = c.req.valid("json");
		const slug = change.slug === undefined ? monitor.slug : slugOf(change.slug);
		if (slug !== monitor.slug) await slugIsFree(db, monitor.organizationId, slug);
		const config = change.config === undefined ? monitor.config : configOrThrow(change.config, monitor.config);
		const [updated] = await db
			.update(monitors)
			.set({
				slug,
				config,
				name: change.name ?? monitor.name,
				status: change.status ?? monitor.status,
				isMuted: change.isMuted ?? monitor.isMuted,
			})
			.where(and(eq(monitors.id, monitor.id), eq(monitors.organizationId, monitor.organizationId)))
			.returning();
		if (!updated) throw notFound();
		if (updated.status !== monitor.status || changesSchedule(monitor.config, updated.config)) {
			await rescheduleEnvironments(db, updated, Date.now());
		}
		return c.json((await serializeMonitors(db, [updated]))[0]);
	})
	/** Deletes the monitor, or with `environment` only those environments (202, as Sentry). */
	.delete("/api/0/organizations/:organization/monitors/:monitor/", async (c) => {
		const { db, monitor } = await monitorAccess(c, WRITE_SCOPES);
		const environments = c.req.queries("environment") ?? [];
		if (environments.length) {
			await db
				.delete(monitorEnvironments)
				.where(
					and(
						eq(monitorEnvironments.organizationId, monitor.organizationId),
						eq(monitorEnvironments.monitorId, monitor.id),
						inArray(monitorEnvironments.environment, environments),
					),
				);
		} else {
			await db
				.delete(monitors)
				.where(and(eq(monitors.id, monitor.id), eq(monitors.organizationId, monitor.organizationId)));
		}
		return c.body(null, 202);
	})
	.get("/api/0/organizations/:organization/monitors/:monitor/checkins/", async (c) => {
		const { db, monitor } = await monitorAccess(c, READ_SCOPES);
		const { start, end } = dateRange(c);
		const environments = c.req.queries("environment") ?? [];
		const offset = parseCursor(c.req.query("cursor"));
		const limit = pageSize(c);
		const rows = await db
			.select({ checkIn: monitorCheckIns, environment: monitorEnvironments.environment })
			.from(monitorCheckIns)
			.innerJoin(monitorEnvironments, eq(monitorEnvironments.id, monitorCheckIns.monitorEnvironmentId))
			.where(
				and(
					eq(monitorCheckIns.organizationId, monitor.organizationId),
					eq(monitorCheckIns.monitorId, monitor.id),
					gte(monitorCheckIns.dateAdded, new Date(start)),
					lte(monitorCheckIns.dateAdded, new Date(end)),
					environments.length ? inArray(monitorEnvironments.environment, environments) : undefined,
				),
			)
			.orderBy(desc(monitorCheckIns.dateAdded), desc(monitorCheckIns.id))
			.limit(limit + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
		return c.json(rows.slice(0, limit).map((row) => serializeCheckIn(row.checkIn, row.environment)));
	})
	/** Check-ins per bucket of `resolution` (default 1h) from `since` to `until` (epoch seconds; default the last day). */
	.get("/api/0/organizations/:organization/monitors/:monitor/stats/", async (c) => {
		const { db, monitor } = await monitorAccess(c, READ_SCOPES);
		const match = /^(\d+)([smhd])$/.exec(c.req.query("resolution") ?? "1h");
		const rollup = match ? Number(match[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as "s"] : Number.NaN;
		if (!(rollup >= 60)) throw new ApiError(400, "invalid resolution");
		const until = Math.floor(Number(c.req.query("until") ?? Date.now() / 1000));
		const since = Math.floor(Number(c.req.query("since") ?? until - 86_400));
		if (!Number.isSafeInteger(since) || !Number.isSafeInteger(until) || since > until)
			throw new ApiError(400, "Invalid date range");
		const first = since - (since % rollup);
		const last = until - (until % rollup);
		if ((last - first) / rollup >= MAX_STATS_BUCKETS)
			throw new ApiError(400, "Too many buckets: choose a larger resolution");
		const environments = c.req.queries("environment") ?? [];
		const bucket = sql<number>`(${monitorCheckIns.dateAdded} / 1000 - ${first}) / ${rollup}`;
		const rows = await db
			.select({
				bucket,
				status: monitorCheckIns.status,
				count: sql<number>`count(*)`,
				totalMs: sql<number | null>`sum(${monitorCheckIns.durationMs})`,
				timed: sql<number>`count(${monitorCheckIns.durationMs})`,
			})
			.from(monitorCheckIns)
			.innerJoin(monitorEnvironments, eq(monitorEnvironments.id, monitorCheckIns.monitorEnvironmentId))
			.where(
				and(
					eq(monitorCheckIns.organizationId, monitor.organizationId),
					eq(monitorCheckIns.monitorId, monitor.id),
					inArray(monitorCheckIns.status, ["ok", "error", "missed", "timeout"]),
					gte(monitorCheckIns.dateAdded, new Date(first * 1000)),
					lte(monitorCheckIns.dateAdded, new Date((last + rollup) * 1000 - 1)),
					environments.length ? inArray(monitorEnvironments.environment, environments) : undefined,
				),
			)
			.groupBy(bucket, monitorCheckIns.status);
		const buckets = Array.from({ length: (last - first) / rollup + 1 }, (_, index) => ({
			ts: first + index * rollup,
			counts: { ok: 0, error: 0, missed: 0, timeout: 0 },
			totalMs: 0,
			timed: 0,
		}));
		for (const row of rows) {
			const slot = buckets[Math.floor(row.bucket)];
			if (!slot) continue;
			slot.counts[row.status as "ok"] = row.count;
			slot.totalMs += row.totalMs ?? 0;
			slot.timed += row.timed;
		}
		// Sentry's shape: counts by status and the average duration of the bucket's check-ins.
		return c.json(
			buckets.map(({ ts, counts, totalMs, timed }) => ({ ts, ...counts, duration: timed ? totalMs / timed : 0 })),
		);
	})
	.get("/api/0/organizations/:organization/processing-errors/", async (c) => {
		const { db, organization } = await access(c, READ_SCOPES);
		const projectIds = (c.req.queries("project") ?? []).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
		const rows = await db
			.select()
			.from(monitorProcessingErrors)
			.where(
				and(
					eq(monitorProcessingErrors.organizationId, organization.id),
					projectIds.length ? inArray(monitorProcessingErrors.projectId, projectIds) : undefined,
				),
			)
			.orderBy(desc(monitorProcessingErrors.dateCreated))
			.limit(MAX_PER_PAGE);
		return c.json(rows.map(serializeProcessingError));
	});
