/**
 * Issue alert rules of a project, in Sentry's paths and shapes (`/api/0/projects/<org>/<project>/rules/`),
 * their per-issue history (`group-history/`) and Faultline's firing history with each delivery's
 * state (`fire-history/`). Every query is scoped by organization.
 */
import { and, asc, count, desc, eq, inArray, max } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { alertDeliveries, alertRuleFires, alertRules, groups } from "../../../schema/region";
import { randomHex } from "../../lib/crypto";
import { ApiError, notFound } from "../../lib/errors";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { type Caller, hasAnyScope } from "../organizations";
import { projectAccess } from "../projects";
import { RuleAction, RuleCondition, RuleFilter, WEBHOOK_ACTION } from "./rules";
import { serializeRule } from "./serializers";
import { webhookTargetError } from "./webhook-targets";

/** As Sentry's ProjectAlertRulePermission: reading needs one of these scopes, writing one of the write scopes. */
const READ_SCOPES = ["alerts:read", "alerts:write", "project:read", "project:write", "project:admin"];
const WRITE_SCOPES = ["alerts:write", "project:write", "project:admin"];
const MAX_HISTORY = 100;

const RuleBody = z.object({
	name: z.string().trim().min(1).max(256),
	environment: z.string().min(1).max(64).nullable().optional(),
	actionMatch: z.enum(["all", "any", "none"]),
	filterMatch: z.enum(["all", "any", "none"]).default("all"),
	frequency: z.coerce.number().int().min(5).max(43_200),
	conditions: z.array(RuleCondition).min(1).max(20),
	filters: z.array(RuleFilter).max(20).default([]),
	actions: z.array(RuleAction).min(1).max(20),
	owner: z.string().nullable().optional(),
});
type RuleBody = z.infer<typeof RuleBody>;

function checkWebhookTargets(c: Context<RegionAppEnv>, body: RuleBody) {
	const allowPrivate = settingsOf(c.env).alertsAllowPrivateWebhooks;
	for (const [index, action] of body.actions.entries()) {
		if (action.id !== WEBHOOK_ACTION) continue;
		const error = webhookTargetError(action.url, allowPrivate);
		if (error) throw new ApiError(400, `actions[${index}].url: ${error}`);
	}
}

const ruleColumns = (body: RuleBody) => ({
	name: body.name,
	environment: body.environment ?? null,
	actionMatch: body.actionMatch,
	filterMatch: body.filterMatch,
	frequencyMinutes: body.frequency,
	conditions: body.conditions,
	filters: body.filters,
	actions: body.actions,
});

async function ruleAccess(c: Context<RegionAppEnv>, scopes: string[]) {
	const access = await projectAccess(c, scopes);
	const id = Number(c.req.param("rule"));
	const rule = Number.isSafeInteger(id)
		? await access.db.query.alertRules.findFirst({
				where: and(
					eq(alertRules.id, id),
					eq(alertRules.organizationId, access.organization.id),
					eq(alertRules.projectId, access.project.id),
				),
			})
		: undefined;
	if (!rule) throw notFound();
	return { ...access, rule };
}

/** The rule as Sentry shows it, with its webhook signing secret for callers who may change it. */
const ruleJson = (rule: typeof alertRules.$inferSelect, projectSlug: string, caller: Caller) => ({
	...serializeRule(rule, projectSlug),
	...(hasAnyScope(caller, WRITE_SCOPES) ? { webhookSecret: rule.webhookSecret } : {}),
});

const historyLimit = (c: Context<RegionAppEnv>) =>
	Math.min(Math.max(Number(c.req.query("per_page") ?? 25) || 25, 1), MAX_HISTORY);

export const ruleRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/projects/:organization/:project/rules/", async (c) => {
		const { db, organization, project, caller } = await projectAccess(c, READ_SCOPES);
		const rows = await db
			.select()
			.from(alertRules)
			.where(and(eq(alertRules.organizationId, organization.id), eq(alertRules.projectId, project.id)))
			.orderBy(asc(alertRules.id));
		return c.json(rows.map((rule) => ruleJson(rule, project.slug, caller)));
	})
	.post("/api/0/projects/:organization/:project/rules/", jsonBody(RuleBody), async (c) => {
		const { db, organization, project, caller } = await projectAccess(c, WRITE_SCOPES);
		const body = c.req.valid("json");
		checkWebhookTargets(c, body);
		const [rule] = await db
			.insert(alertRules)
			.values({
				organizationId: organization.id,
				projectId: project.id,
				...ruleColumns(body),
				webhookSecret: randomHex(32),
			})
			.returning();
		return c.json(ruleJson(rule as typeof alertRules.$inferSelect, project.slug, caller));
	})
	.get("/api/0/projects/:organization/:project/rules/:rule/", async (c) => {
		const { rule, project, caller } = await ruleAccess(c, READ_SCOPES);
		return c.json(ruleJson(rule, project.slug, caller));
	})
	.put("/api/0/projects/:organization/:project/rules/:rule/", jsonBody(RuleBody), async (c) => {
		const { db, rule, project, caller } = await ruleAccess(c, WRITE_SCOPES);
		const body = c.req.valid("json");
		checkWebhookTargets(c, body);
		const [updated] = await db
			.update(alertRules)
			.set(ruleColumns(body))
			.where(and(eq(alertRules.id, rule.id), eq(alertRules.organizationId, rule.organizationId)))
			.returning();
		return c.json(ruleJson(updated as typeof alertRules.$inferSelect, project.slug, caller));
	})
	.delete("/api/0/projects/:organization/:project/rules/:rule/", async (c) => {
		const { db, rule } = await ruleAccess(c, WRITE_SCOPES);
		await db
			.delete(alertRules)
			.where(and(eq(alertRules.id, rule.id), eq(alertRules.organizationId, rule.organizationId)));
		return c.body(null, 202);
	})
	.get("/api/0/projects/:organization/:project/rules/:rule/group-history/", async (c) => {
		const { db, rule, organization } = await ruleAccess(c, READ_SCOPES);
		const rows = await db
			.select({ group: groups, count: count(), lastTriggered: max(alertRuleFires.firedAt) })
			.from(alertRuleFires)
			.innerJoin(groups, eq(groups.id, alertRuleFires.groupId))
			.where(and(eq(alertRuleFires.organizationId, organization.id), eq(alertRuleFires.ruleId, rule.id)))
			.groupBy(alertRuleFires.groupId)
			.orderBy(desc(count()), desc(max(alertRuleFires.firedAt)))
			.limit(historyLimit(c));
		const latest = rows.length
			? await db
					.select({ groupId: alertRuleFires.groupId, eventId: alertRuleFires.eventId, firedAt: alertRuleFires.firedAt })
					.from(alertRuleFires)
					.where(
						and(
							eq(alertRuleFires.organizationId, organization.id),
							eq(alertRuleFires.ruleId, rule.id),
							inArray(
								alertRuleFires.groupId,
								rows.map((row) => row.group.id),
							),
						),
					)
					.orderBy(asc(alertRuleFires.firedAt))
			: [];
		const lastEventOf = new Map(latest.map((fire) => [fire.groupId, fire.eventId]));
		return c.json(
			rows.map((row) => ({
				group: {
					id: String(row.group.id),
					title: row.group.title,
					culprit: row.group.culprit,
					level: row.group.level,
					status: row.group.status,
				},
				count: row.count,
				lastTriggered: new Date(Number(row.lastTriggered)).toISOString(),
				eventId: lastEventOf.get(row.group.id) ?? null,
			})),
		);
	})
	.get("/api/0/projects/:organization/:project/rules/:rule/fire-history/", async (c) => {
		const { db, rule, organization } = await ruleAccess(c, READ_SCOPES);
		const fires = await db
			.select()
			.from(alertRuleFires)
			.where(and(eq(alertRuleFires.organizationId, organization.id), eq(alertRuleFires.ruleId, rule.id)))
			.orderBy(desc(alertRuleFires.firedAt), desc(alertRuleFires.id))
			.limit(historyLimit(c));
		const deliveries = fires.length
			? await db
					.select()
					.from(alertDeliveries)
					.where(
						and(
							eq(alertDeliveries.organizationId, organization.id),
							inArray(
								alertDeliveries.fireId,
								fires.map((fire) => fire.id),
							),
						),
					)
					.orderBy(asc(alertDeliveries.actionIndex))
			: [];
		return c.json(
			fires.map((fire) => ({
				id: String(fire.id),
				groupId: String(fire.groupId),
				eventId: fire.eventId,
				dateFired: fire.firedAt.toISOString(),
				deliveries: deliveries
					.filter((delivery) => delivery.fireId === fire.id)
					.map((delivery) => ({
						id: String(delivery.id),
						action: delivery.action,
						status: delivery.status,
						attempts: delivery.attempts,
						lastError: delivery.lastError,
						responseStatus: delivery.responseStatus,
						dateSent: delivery.sentAt?.toISOString() ?? null,
					})),
			})),
		);
	});
