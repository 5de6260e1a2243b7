/** The parsed issue search as SQL over an organization's issues (tags through the tag facets kept at ingest). */
import { and, type Column, desc, eq, inArray, isNotNull, isNull, not, or, type SQL, sql } from "drizzle-orm";
import { events, type GroupType, groups, groupTagValues, groupUserStates, groupUsers } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { replicatedMemberByEmail } from "../replication";
import { type Comparison, type IssueFilter, type IssueSort, querySyntaxError } from "./search";
import { latestRelease } from "./workflow";

export interface SearchScope {
	db: RegionDb;
	organizationId: number;
	projectIds: number[];
	/** The caller, for `assigned:me` and `bookmarks:me`. */
	userId: number;
}

const CATEGORY_TYPES: Record<string, GroupType[]> = {
	error: ["error", "default", "csp"],
	feedback: ["feedback"],
	cron: ["cron"],
	performance: [],
};

const compare = (column: Column | SQL, op: Comparison, value: number | Date): SQL => {
	switch (op) {
		case ">":
			return sql`${column} > ${value}`;
		case ">=":
			return sql`${column} >= ${value}`;
		case "<":
			return sql`${column} < ${value}`;
		case "<=":
			return sql`${column} <= ${value}`;
		default:
			return sql`${column} = ${value}`;
	}
};

const nothing = sql`0 = 1`;

const tagExists = (key: string, values?: string[]) =>
	sql`exists (select 1 from ${groupTagValues} where ${groupTagValues.groupId} = ${groups.id} and ${groupTagValues.key} = ${key}${
		values ? sql` and ${inArray(groupTagValues.value, values)}` : sql``
	})`;

async function conditionOf(scope: SearchScope, filter: IssueFilter): Promise<SQL> {
	switch (filter.kind) {
		case "status":
			return inArray(groups.status, filter.values);
		case "assignment":
			return filter.assigned ? isNotNull(groups.assigneeUserId) : isNull(groups.assigneeUserId);
		case "assigned": {
			const matches: SQL[] = [];
			for (const value of filter.values) {
				if (value === "me" || value === "my_teams") matches.push(eq(groups.assigneeUserId, scope.userId));
				else if (value === "none") matches.push(isNull(groups.assigneeUserId));
				else {
					const userId = /^(?:user:)?(\d{1,15})$/.exec(value)?.[1];
					const member = userId
						? { userId: Number(userId) }
						: await replicatedMemberByEmail(scope.db, scope.organizationId, value);
					matches.push(member ? eq(groups.assigneeUserId, member.userId) : nothing);
				}
			}
			return or(...matches) ?? nothing;
		}
		case "bookmarks":
			return sql`exists (select 1 from ${groupUserStates} where ${groupUserStates.groupId} = ${groups.id}
				and ${groupUserStates.userId} = ${scope.userId} and ${groupUserStates.isBookmarked} = 1)`;
		case "level":
			return inArray(groups.level, filter.values);
		case "category": {
			const types = filter.values.flatMap((category) => CATEGORY_TYPES[category] ?? []);
			return types.length ? inArray(groups.type, types) : nothing;
		}
		case "tag": {
			let values = filter.values;
			if (filter.key === "release" && values.includes("latest")) {
				const latest = await latestRelease(scope.db, scope.organizationId, scope.projectIds);
				values = values.flatMap((value) => (value === "latest" ? (latest ? [latest] : []) : [value]));
				if (!values.length) return nothing;
			}
			return tagExists(filter.key, values);
		}
		case "has":
			return tagExists(filter.key);
		case "date": {
			const column = filter.field === "firstSeen" ? groups.firstSeen : groups.lastSeen;
			const from = compare(column, filter.op, new Date(filter.at));
			return filter.until === undefined ? from : (and(from, sql`${column} < ${filter.until}`) as SQL);
		}
		case "timesSeen":
			return compare(groups.timesSeen, filter.op, filter.value);
		case "text": {
			// instr, not LIKE: the term is literal text (no wildcards), and D1 limits LIKE patterns to 50 bytes.
			const contains = (column: Column | SQL) => sql`instr(lower(${column}), lower(${filter.value})) > 0`;
			return or(
				contains(groups.title),
				contains(groups.culprit),
				contains(sql`coalesce(json_extract(${groups.metadata}, '$.value'), '')`),
			) as SQL;
		}
		case "eventId":
			return inArray(
				groups.id,
				scope.db
					.select({ id: events.groupId })
					.from(events)
					.where(and(eq(events.organizationId, scope.organizationId), eq(events.eventId, filter.value))),
			);
		default:
			throw querySyntaxError("unknown filter");
	}
}

/** Conditions selecting the organization's issues (of `projectIds`, if any) that `filters` match. */
export async function searchConditions(scope: SearchScope, filters: IssueFilter[]): Promise<SQL[]> {
	const conditions: SQL[] = [eq(groups.organizationId, scope.organizationId)];
	if (scope.projectIds.length) conditions.push(inArray(groups.projectId, scope.projectIds));
	for (const filter of filters) {
		const condition = await conditionOf(scope, filter);
		conditions.push(filter.negated ? not(condition) : condition);
	}
	return conditions;
}

const userCount = sql`(select count(*) from ${groupUsers} where ${groupUsers.groupId} = ${groups.id})`;

/** Sentry's sorts: `date` last seen, `new` first seen, `freq` events, `user` users (priority and trends as date). */
export function issueOrder(sort: IssueSort): SQL[] {
	switch (sort) {
		case "new":
			return [desc(groups.firstSeen), desc(groups.id)];
		case "freq":
			return [desc(groups.timesSeen), desc(groups.id)];
		case "user":
			return [sql`${userCount} desc`, desc(groups.id)];
		default:
			return [desc(groups.lastSeen), desc(groups.id)];
	}
}
