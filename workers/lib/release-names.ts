/** Which release and environment names Sentry accepts, for the release API, deploys, events and sessions. */
import { z } from "zod";

/** Sentry's `Release.is_valid_version`: at most 200 characters, no slash or control whitespace, not `.`, `..` or `latest`. */
export const releaseVersionSchema = z
	.string()
	.min(1)
	.max(200)
	.refine((version) => !/[/\n\r\t\f\v]/.test(version) && ![".", "..", "latest"].includes(version.trim()), {
		message: "Release name is not allowed",
	});

/** Sentry's `Environment.is_valid_name`: at most 64 characters, no slash or line break. */
export const environmentNameSchema = z
	.string()
	.min(1)
	.max(64)
	.refine((name) => !/[/\n\r\f]/.test(name), { message: "Invalid environment name" });
