/** Request validation at the route, answering Sentry-style 400s (`{"detail": …}`) naming what is wrong. */
import { zValidator } from "@hono/zod-validator";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { ApiError } from "./errors";

/** The most a JSON body of the Web API may weigh (the largest Sentry clients send, set-commits, is far less). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Refuses (413) a request body larger than `maxSize`: by its Content-Length, or else read no further
 * than that (later reads see the same bytes). Routes call it once the caller is known, before parsing.
 */
export function limitBody(c: Context, maxSize: number): Promise<unknown> {
	return bodyLimit({
		maxSize,
		onError: () => {
			throw new ApiError(413, `The request body is larger than ${maxSize} bytes.`);
		},
	})(c, async () => {});
}

/**
 * The JSON body, validated. It is bounded (MAX_JSON_BODY_BYTES) and read before the validator parses
 * it, so that a refusal raised while reading (the body is not the one the gateway signed) answers as
 * itself, not as bad JSON.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => {
	const validate = zValidator("json", schema, (result) => {
		if (!result.success) throw new ApiError(400, z.prettifyError(result.error));
	});
	return createMiddleware(async (c, next) => {
		await limitBody(c, MAX_JSON_BODY_BYTES);
		await c.req.text().catch((error: unknown) => {
			if (error instanceof ApiError) throw error;
		});
		return validate(c, next);
	}) as unknown as typeof validate;
};
