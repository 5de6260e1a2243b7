/** Request validation at the route, answering Sentry-style 400s (`{"detail": …}`) naming what is wrong. */
import { zValidator } from "@hono/zod-validator";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { ApiError } from "./errors";

/**
 * The JSON body, validated. It is read before the validator parses it, so that a refusal raised
 * while reading (the body is not the one the gateway signed) answers as itself, not as bad JSON.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => {
	const validate = zValidator("json", schema, (result) => {
		if (!result.success) throw new ApiError(400, z.prettifyError(result.error));
	});
	return createMiddleware(async (c, next) => {
		await c.req.text().catch((error: unknown) => {
			if (error instanceof ApiError) throw error;
		});
		return validate(c, next);
	}) as unknown as typeof validate;
};
