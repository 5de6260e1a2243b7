/** Issue alert rules and their firings and deliveries. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { RuleAction, RuleCondition, RuleFilter } from "../../workers/region/alerts/rules";
import { createdAt, timestamp } from "../columns";
import { groups } from "./issues";
import { projectOwned } from "./projects";

/** Issue alert rules (Sentry's Rule), in Sentry's JSON shapes (workers/region/alerts/rules.ts). */
export const alertRules = sqliteTable(
	"alert_rules",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		name: text("name").notNull(),
		environment: text("environment"),
		actionMatch: text("action_match", { enum: ["all", "any", "none"] }).notNull(),
		filterMatch: text("filter_match", { enum: ["all", "any", "none"] }).notNull(),
		/** The action interval: the rule fires at most once per issue in this many minutes. */
		frequencyMinutes: integer("frequency_minutes").notNull(),
		conditions: text("conditions", { mode: "json" }).$type<RuleCondition[]>().notNull(),
		filters: text("filters", { mode: "json" }).$type<RuleFilter[]>().notNull(),
		actions: text("actions", { mode: "json" }).$type<RuleAction[]>().notNull(),
		/** The per-rule HMAC-SHA256 key that signs its webhooks. */
		webhookSecret: text("webhook_secret").notNull(),
		status: text("status", { enum: ["active", "disabled"] })
			.notNull()
			.default("active"),
		createdAt: createdAt(),
	},
	(table) => [index("alert_rules_project_id_idx").on(table.projectId)],
);

/** When a rule last fired for an issue, for the action interval. */
export const alertRuleStatus = sqliteTable(
	"alert_rule_status",
	{
		ruleId: integer("rule_id")
			.notNull()
			.references(() => alertRules.id, { onDelete: "cascade" }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		lastFiredAt: timestamp("last_fired_at").notNull(),
		lastEventId: text("last_event_id").notNull(),
	},
	(table) => [uniqueIndex("alert_rule_status_rule_id_group_id_idx").on(table.ruleId, table.groupId)],
);

/** Each firing of a rule (Sentry's RuleFireHistory); one per rule and event. */
export const alertRuleFires = sqliteTable(
	"alert_rule_fires",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		...projectOwned(),
		ruleId: integer("rule_id")
			.notNull()
			.references(() => alertRules.id, { onDelete: "cascade" }),
		groupId: integer("group_id")
			.notNull()
			.references(() => groups.id, { onDelete: "cascade" }),
		eventId: text("event_id").notNull(),
		firedAt: timestamp("fired_at").notNull(),
	},
	(table) => [
		uniqueIndex("alert_rule_fires_rule_id_event_id_idx").on(table.ruleId, table.eventId),
		index("alert_rule_fires_rule_id_fired_at_idx").on(table.ruleId, table.firedAt),
	],
);

/** One action of one firing, delivered by the alerts queue's jobs; its id is the receiver's idempotency key. */
export const alertDeliveries = sqliteTable(
	"alert_deliveries",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id").notNull(),
		fireId: integer("fire_id")
			.notNull()
			.references(() => alertRuleFires.id, { onDelete: "cascade" }),
		actionIndex: integer("action_index").notNull(),
		action: text("action", { mode: "json" }).$type<RuleAction>().notNull(),
		status: text("status", { enum: ["pending", "sending", "retrying", "sent", "failed"] })
			.notNull()
			.default("pending"),
		attempts: integer("attempts").notNull().default(0),
		leaseUntil: timestamp("lease_until"),
		lastError: text("last_error"),
		responseStatus: integer("response_status"),
		sentAt: timestamp("sent_at"),
	},
	(table) => [uniqueIndex("alert_deliveries_fire_id_action_index_idx").on(table.fireId, table.actionIndex)],
);
