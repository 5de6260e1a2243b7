/** Repeated query parameters (`?project=1&project=2`): each value becomes a bound SQL parameter, so they are bounded. */
import { IN_LIST_LIMIT } from "./db";
import { ApiError } from "./errors";

export function listParameter(values: string[] | undefined, name: string): string[] {
	const unique = [...new Set(values ?? [])];
	if (unique.length > IN_LIST_LIMIT) throw new ApiError(400, `at most ${IN_LIST_LIMIT} values of ${name} may be given`);
	return unique;
}

/** `?project=<id>` values as project ids (`-1`, Sentry's "all projects", and other non-ids are dropped). */
export const projectIdsOf = (values: string[] | undefined) =>
	listParameter(values, "project")
		.map(Number)
		.filter((id) => Number.isSafeInteger(id) && id > 0);
