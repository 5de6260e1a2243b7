/**
 * Organization hosts (`<slug>.<domain>`, Sentry's customer domains). A slug may not take a name that
 * other hosts of the domain use: a region's (`<region>.<domain>` answers directly), or a service host.
 */
import type { RegionDirectory } from "./regions";

export const SERVICE_HOSTS = [
	"api",
	"app",
	"auth",
	"admin",
	"docs",
	"help",
	"ingest",
	"mail",
	"relay",
	"sentry",
	"static",
	"status",
	"support",
	"www",
] as const;

export const isReservedSlug = (slug: string, regions: RegionDirectory) =>
	(SERVICE_HOSTS as readonly string[]).includes(slug) || regions.has(slug);

/** The one label before the domain in `<label>.<domain>`, or undefined for any other host. */
function labelOfHost(host: string, domain: string): string | undefined {
	const hostname = host.split(":")[0]?.toLowerCase() ?? "";
	const suffix = `.${domain.split(":")[0]?.toLowerCase()}`;
	if (!hostname.endsWith(suffix)) return undefined;
	const label = hostname.slice(0, -suffix.length);
	return /^[a-z0-9][a-z0-9_-]*$/.test(label) ? label : undefined;
}

/** The organization slug a host names (`<slug>.<domain>`), or undefined for any other host. */
export function organizationOfHost(host: string, domain: string, regions: RegionDirectory): string | undefined {
	const label = labelOfHost(host, domain);
	return label && !isReservedSlug(label, regions) ? label : undefined;
}

/** The region a host names (`<region>.<domain>`, where the region answers directly), or undefined. */
export function regionOfHost(host: string, domain: string, regions: RegionDirectory): string | undefined {
	const label = labelOfHost(host, domain);
	return label && regions.has(label) ? label : undefined;
}

/** The organization slug an API path is about (`/api/0/organizations|projects|teams/<slug>/…`). */
export const organizationOfPath = (path: string) =>
	/^\/api\/0\/(?:organizations|projects|teams)\/([^/]+)\//.exec(path)?.[1];
