/** Request validation at the route, answering Sentry-style 400s (`{"detail": …}`) naming what is wrong. */
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { ApiError } from "./errors";

export const jsonBody = <T extends z.ZodType>(schema: T) =>
	zValidator("json", schema, (result) => {
		if (!result.success) throw new ApiError(400, z.prettifyError(result.error));
	});
