/**
 * How deep JSON may nest: serde_json's recursion limit, which Relay parses every JSON item with.
 * Deeper documents are refused before anything parses or walks them (recursive code would exhaust
 * the stack on a 100,000-level document that is only 200 KB).
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text (as UTF-8 bytes, or a string) nests arrays and objects deeper than `maxDepth`:
 * one pass counting brackets outside strings. Invalid JSON is left for the parser to refuse.
 */
export function jsonNestedDeeperThan(json: Uint8Array | string, maxDepth = MAX_JSON_DEPTH): boolean {
	const codeAt = typeof json === "string" ? (index: number) => json.charCodeAt(index) : (index: number) => json[index];
	let depth = 0;
	let inString = false;
	for (let index = 0; index < json.length; index++) {
		const code = codeAt(index);
		if (inString) {
			if (code === BACKSLASH) index++;
			else if (code === QUOTE) inString = false;
		} else if (code === QUOTE) inString = true;
		else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
			if (++depth > maxDepth) return true;
		} else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth--;
	}
	return false;
}
