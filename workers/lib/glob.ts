/**
 * Glob matching as Sentry's inbound filters use it: `*` is any run of characters, `?` any one,
 * case-insensitive. Matched with the classic two-pointer algorithm — at worst O(text × pattern),
 * never the exponential backtracking a regular expression can fall into on hostile patterns.
 */
export function globMatches(pattern: string, text: string): boolean {
	const p = pattern.toLowerCase();
	const t = text.toLowerCase();
	let pi = 0;
	let ti = 0;
	let star = -1;
	let resume = 0;
	while (ti < t.length) {
		if (pi < p.length && (p[pi] === "?" || p[pi] === t[ti])) {
			pi++;
			ti++;
		} else if (pi < p.length && p[pi] === "*") {
			star = pi++;
			resume = ti;
		} else if (star !== -1) {
			pi = star + 1;
			ti = ++resume;
		} else {
			return false;
		}
	}
	while (pi < p.length && p[pi] === "*") pi++;
	return pi === p.length;
}
