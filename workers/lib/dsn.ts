/**
 * DSNs as Sentry builds them. On a real domain the host names the organization and region
 * (`o<org>.ingest.<region>.<domain>`), so ingest reaches the right region without a lookup; on
 * localhost or an IP address (local development, self-hosting) the public URL is used as it is.
 */
export interface DsnParts {
	publicKey: string;
	projectId: number;
	organizationId: number;
	regionName: string;
	publicUrl: URL;
}

const isLocalHost = (hostname: string) =>
	hostname === "localhost" || hostname.endsWith(".localhost") || /^[\d.]+$/.test(hostname) || hostname.includes(":");

export function buildDsn({ publicKey, projectId, organizationId, regionName, publicUrl }: DsnParts): string {
	const host = isLocalHost(publicUrl.hostname)
		? publicUrl.host
		: `o${organizationId}.ingest.${regionName}.${publicUrl.host}`;
	return `${publicUrl.protocol}//${publicKey}@${host}/${projectId}`;
}

/**
 * The region a DSN host names: `o<org>.ingest.<region>.<domain>` → region; the legacy
 * `o<org>.ingest.<domain>` and any other host → undefined (the caller uses SENTRY_MONOLITH_REGION).
 */
export function regionOfIngestHost(host: string, domain: string): string | undefined {
	const hostname = host.split(":")[0]?.toLowerCase() ?? "";
	const suffix = `.${domain.split(":")[0]?.toLowerCase()}`;
	if (!hostname.endsWith(suffix)) return undefined;
	const labels = hostname.slice(0, -suffix.length).split(".");
	if (labels.length === 3 && /^o\d+$/.test(labels[0] ?? "") && labels[1] === "ingest") return labels[2];
	return undefined;
}

/** Where a region answers directly: `<region>.<domain>`, or the public URL itself locally. */
export function regionUrl(publicUrl: URL, regionName: string): string {
	return isLocalHost(publicUrl.hostname) ? publicUrl.origin : `${publicUrl.protocol}//${regionName}.${publicUrl.host}`;
}
