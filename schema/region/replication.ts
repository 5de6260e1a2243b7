/** What crosses between the silos: the region outbox, and the region's copies of control-silo tokens and memberships. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { outboxColumns, timestamp } from "../columns";
import { organizations } from "./organizations";

/** Writes that must reach the control silo, written in the same D1 batch as their cause. */
export const regionOutbox = sqliteTable("region_outbox", outboxColumns(), (table) => [
	index("region_outbox_scheduled_for_idx").on(table.scheduledFor),
]);

/**
 * Copies of the control silo's API tokens (hashes only) for users with organizations in this
 * region, so the region authenticates direct API calls itself; kept current through the outbox.
 */
export const apiTokenReplicas = sqliteTable("api_token_replicas", {
	hashedToken: text("hashed_token").primaryKey(),
	userId: integer("user_id").notNull(),
	scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
	expiresAt: timestamp("expires_at"),
});

/**
 * Users of the control silo whose accounts were deactivated (or turned on again): a replicated token
 * authenticates a direct call only if its user has no row here or is active. Written by
 * `user.update`, which control sends to every region that holds the user's tokens.
 */
export const userReplicas = sqliteTable("user_replicas", {
	userId: integer("user_id").primaryKey(),
	isActive: integer("is_active", { mode: "boolean" }).notNull(),
});

/** Copies of organization memberships (who may use which organization of this region). */
export const organizationMemberReplicas = sqliteTable(
	"organization_member_replicas",
	{
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizations.id, { onDelete: "cascade" }),
		userId: integer("user_id").notNull(),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		/** The user's e-mail (for assigning by address and naming assignees); null until replicated with it. */
		email: text("email"),
	},
	(table) => [uniqueIndex("organization_member_replicas_org_user_idx").on(table.organizationId, table.userId)],
);
