/** Tables of the control silo: global data shared by all regions. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, outboxColumns, timestamp } from "./columns";
import { siloTables } from "./silo-tables";

export const users = sqliteTable("users", {
	id: integer("id").primaryKey({ autoIncrement: true }),
	email: text("email").notNull().unique(),
	name: text("name").notNull().default(""),
	/** `pbkdf2_sha256$<iterations>$<salt>$<hash>`, never the password itself. */
	passwordHash: text("password_hash").notNull(),
	isSuperuser: integer("is_superuser", { mode: "boolean" }).notNull().default(false),
	isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
	createdAt: createdAt(),
	lastLoginAt: timestamp("last_login_at"),
});

export const apiTokens = sqliteTable(
	"api_tokens",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		userId: integer("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		name: text("name").notNull().default(""),
		/** SHA-256 of the token; the token itself is shown once, at creation. */
		hashedToken: text("hashed_token").notNull().unique(),
		tokenLastCharacters: text("token_last_characters").notNull(),
		scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
		createdAt: createdAt(),
		expiresAt: timestamp("expires_at"),
	},
	(table) => [index("api_tokens_user_id_idx").on(table.userId)],
);

export const organizationMappings = sqliteTable(
	"organization_mappings",
	{
		organizationId: integer("organization_id").primaryKey(),
		slug: text("slug").notNull().unique(),
		name: text("name").notNull(),
		regionName: text("region_name").notNull(),
		/** `pending` until the owning region confirmed the organization exists there. */
		status: text("status", { enum: ["pending", "active"] }).notNull(),
		createdAt: createdAt(),
	},
	(table) => [index("organization_mappings_region_name_idx").on(table.regionName)],
);

export const organizationMemberMappings = sqliteTable(
	"organization_member_mappings",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		organizationId: integer("organization_id")
			.notNull()
			.references(() => organizationMappings.organizationId, { onDelete: "cascade" }),
		/** Null while the member is an invitation nobody has accepted yet (its row in `organization_invites`). */
		userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		createdAt: createdAt(),
	},
	(table) => [
		uniqueIndex("organization_member_mappings_org_user_idx").on(table.organizationId, table.userId),
		index("organization_member_mappings_user_id_idx").on(table.userId),
	],
);

/** A pending member's invitation (Sentry keeps these fields on `OrganizationMember`); deleted when accepted. */
export const organizationInvites = sqliteTable(
	"organization_invites",
	{
		memberId: integer("member_id")
			.primaryKey()
			.references(() => organizationMemberMappings.id, { onDelete: "cascade" }),
		organizationId: integer("organization_id").notNull(),
		email: text("email").notNull(),
		/** SHA-256 of the invitation's token; the token itself is only in the invite link. */
		hashedToken: text("hashed_token").notNull(),
		expiresAt: timestamp("expires_at").notNull(),
		inviterId: integer("inviter_id").references(() => users.id, { onDelete: "set null" }),
	},
	(table) => [uniqueIndex("organization_invites_org_email_idx").on(table.organizationId, table.email)],
);

/**
 * Every region that was ever sent copies of a user's tokens (joining an organization there copies
 * them): revocations and deactivations go to all of them, member there now or not.
 */
export const tokenReplicaRegions = sqliteTable(
	"token_replica_regions",
	{
		userId: integer("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		regionName: text("region_name").notNull(),
	},
	(table) => [primaryKey({ columns: [table.userId, table.regionName] })],
);

/** Login sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = sqliteTable(
	"sessions",
	{
		hashedToken: text("hashed_token").primaryKey(),
		userId: integer("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		createdAt: createdAt(),
		expiresAt: timestamp("expires_at").notNull(),
	},
	(table) => [index("sessions_user_id_idx").on(table.userId)],
);

/**
 * Failed login attempts per key (`ip:<address>`, or `account-ip:<address>|<email>`) since
 * `window_start`, and until when the key is locked (workers/control/login-throttle.ts).
 */
export const loginThrottle = sqliteTable(
	"login_throttle",
	{
		key: text("key").primaryKey(),
		windowStart: timestamp("window_start").notNull(),
		failures: integer("failures").notNull(),
		lockedUntil: timestamp("locked_until"),
	},
	(table) => [index("login_throttle_window_start_idx").on(table.windowStart)],
);

/** Writes that must reach a region, written in the same D1 batch as the change that caused them. */
export const controlOutbox = sqliteTable(
	"control_outbox",
	{ ...outboxColumns(), regionName: text("region_name").notNull() },
	(table) => [index("control_outbox_scheduled_for_idx").on(table.scheduledFor)],
);

export const controlSchema = siloTables("control", {
	users,
	apiTokens,
	tokenReplicaRegions,
	sessions,
	loginThrottle,
	organizationMappings,
	organizationMemberMappings,
	organizationInvites,
	controlOutbox,
});
