/**
 * Sentry's issue search syntax, the part Faultline answers: `is:unresolved|resolved|ignored`,
 * `level:`, `release:`, `environment:`-free text, and quoted values. Unknown `key:value` terms are
 * matched as free text, so a query never fails on syntax.
 */
export interface IssueQuery {
	statuses: ("unresolved" | "resolved" | "ignored")[];
	levels: string[];
	releases: string[];
	text: string[];
}

const STATUSES = new Set(["unresolved", "resolved", "ignored"]);

export function parseIssueQuery(query: string | undefined): IssueQuery {
	const parsed: IssueQuery = { statuses: [], levels: [], releases: [], text: [] };
	const tokens = (query ?? "is:unresolved").match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
	for (const token of tokens) {
		const match = /^(\w+):(.*)$/.exec(token);
		const value = (match?.[2] ?? token).replace(/^"|"$/g, "");
		switch (match?.[1]) {
			case "is":
				if (STATUSES.has(value)) parsed.statuses.push(value as IssueQuery["statuses"][number]);
				break;
			case "level":
				parsed.levels.push(value);
				break;
			case "release":
				parsed.releases.push(value);
				break;
			default:
				if (value) parsed.text.push(value);
		}
	}
	return parsed;
}

/** Sentry's short ids: `<PROJECT>-<n in base 32, digits 0-9 then A-V minus I, L, O, U>`. */
export function shortId(projectSlug: string, sequence: number): string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	let value = sequence;
	let encoded = "";
	do {
		encoded = alphabet[value % 32] + encoded;
		value = Math.floor(value / 32);
	} while (value > 0);
	return `${projectSlug.toUpperCase()}-${encoded}`;
}
