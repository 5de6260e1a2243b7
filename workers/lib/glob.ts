/**
 * Glob matching as Sentry's inbound filters use it: `*` is any run of characters, `?` any one,
 * case-insensitive. The pattern is split at its stars into segments, and each segment is found at
 * its leftmost place after the one before (leftmost is always safe: a later segment only has more
 * room). Segments without `?` are searched with Knuth–Morris–Pratt, so such patterns take
 * O(text + pattern) steps however hostile the text; a segment with `?` is searched position by
 * position (O(text × segment)). No backtracking across stars, so nothing can explode the way a
 * regular expression such as `(.*a)*b` does.
 */
export function globMatches(pattern: string, text: string): boolean {
	const segments = pattern.toLowerCase().split("*");
	const t = text.toLowerCase();
	const first = segments[0] as string;
	if (segments.length === 1) return t.length === first.length && matchesAt(first, t, 0);
	const last = segments[segments.length - 1] as string;
	if (first.length + last.length > t.length) return false;
	if (!matchesAt(first, t, 0) || !matchesAt(last, t, t.length - last.length)) return false;
	let position = first.length;
	const end = t.length - last.length;
	for (const segment of segments.slice(1, -1)) {
		if (!segment) continue;
		const found = indexOfSegment(segment, t, position, end);
		if (found < 0) return false;
		position = found + segment.length;
	}
	return true;
}

/** Whether `segment` (with `?` for any character) matches `text` at `offset`. */
function matchesAt(segment: string, text: string, offset: number): boolean {
	for (let index = 0; index < segment.length; index++) {
		if (segment[index] !== "?" && segment[index] !== text[offset + index]) return false;
	}
	return true;
}

/** The leftmost place in text[from, end) where `segment` fits entirely, or -1. */
function indexOfSegment(segment: string, text: string, from: number, end: number): number {
	if (segment.includes("?")) {
		for (let offset = from; offset + segment.length <= end; offset++) {
			if (matchesAt(segment, text, offset)) return offset;
		}
		return -1;
	}
	const failure = failureTable(segment);
	let matched = 0;
	for (let index = from; index < end; index++) {
		while (matched > 0 && text[index] !== segment[matched]) matched = failure[matched - 1] as number;
		if (text[index] === segment[matched]) matched++;
		if (matched === segment.length) return index - segment.length + 1;
	}
	return -1;
}

/** KMP's table: for each prefix of `segment`, the length of its longest proper prefix that is also its suffix. */
function failureTable(segment: string): number[] {
	const table = new Array<number>(segment.length).fill(0);
	let length = 0;
	for (let index = 1; index < segment.length; index++) {
		while (length > 0 && segment[index] !== segment[length]) length = table[length - 1] as number;
		if (segment[index] === segment[length]) length++;
		table[index] = length;
	}
	return table;
}
