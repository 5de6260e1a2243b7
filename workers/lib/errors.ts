/** API errors in Sentry's shape: `{"detail": …}` with the right status, and one `onError` for all apps. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { SiloLimitViolation } from "./silo";

export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly detail: string,
		readonly headers: Record<string, string> = {},
	) {
		super(detail);
	}
}

export const notFound = (what = "The requested resource does not exist") => new ApiError(404, what);

export function errorResponse(error: Error, c: Context): Response {
	if (error instanceof ApiError) return c.json({ detail: error.detail }, error.status, error.headers);
	if (error instanceof HTTPException) {
		return c.json({ detail: error.message || "Bad request" }, error.status as ContentfulStatusCode);
	}
	if (error instanceof SiloLimitViolation) {
		// Sentry answers 404 for an endpoint that does not exist in this silo mode.
		return c.json({ detail: "The requested resource does not exist" }, 404);
	}
	console.error("unhandled error", error);
	return c.json({ detail: "Internal Error" }, 500);
}

export function notFoundResponse(c: Context): Response {
	return c.json({ detail: "The requested resource does not exist" }, 404);
}
