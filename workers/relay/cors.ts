/** CORS for browser SDKs, as Relay's store routes answer it. */
export const CORS_HEADERS: Record<string, string> = {
	"access-control-allow-origin": "*",
	"access-control-allow-methods": "POST",
	"access-control-allow-headers":
		"x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding",
	"access-control-expose-headers": "x-sentry-error, x-sentry-rate-limits, retry-after",
	"access-control-max-age": "3600",
};
