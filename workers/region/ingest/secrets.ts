/**
 * Scanners for the two secrets the scrubber filters whose regexes backtracked on hostile strings:
 * PEM private keys (`-----BEGIN…PRIVATE KEY-----…-----END…PRIVATE KEY-----`, lazy body: quadratic
 * with many BEGINs and no END) and passwords in URLs (`scheme://user:password@`: quadratic on a long
 * run of scheme characters). Each finds exactly what its regex found, reading every character a
 * bounded number of times; test/unit/region/ingest/secrets.test.ts checks both against the regexes.
 */

const KEY_LABEL_CHAR = /[A-Z ]*/y;
const DASHES = "-----";

/** `[A-Z ]*PRIVATE KEY-----` at `at`; the index after it, or -1. */
function privateKeyLabelEnd(value: string, at: number): number {
	KEY_LABEL_CHAR.lastIndex = at;
	const label = KEY_LABEL_CHAR.exec(value)?.[0] ?? "";
	const end = at + label.length;
	return label.endsWith("PRIVATE KEY") && value.startsWith(DASHES, end) ? end + DASHES.length : -1;
}

const BEGIN = "-----BEGIN";
const END = "-----END";

/** Where the first `-----END…PRIVATE KEY-----` from `from` ends, or -1. */
function closingLabelEnd(value: string, from: number): number {
	for (let end = value.indexOf(END, from); end >= 0; end = value.indexOf(END, end + 1)) {
		const labelEnd = privateKeyLabelEnd(value, end + END.length);
		if (labelEnd >= 0) return labelEnd;
	}
	return -1;
}

/** What `/-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]+?-----END[A-Z ]*PRIVATE KEY-----/g` replaced. */
export function filterPemKeys(value: string, replacement: string): string {
	let out = "";
	let copied = 0;
	let begin = value.indexOf(BEGIN);
	while (begin >= 0) {
		const headerEnd = privateKeyLabelEnd(value, begin + BEGIN.length);
		if (headerEnd < 0) {
			begin = value.indexOf(BEGIN, begin + 1);
			continue;
		}
		const keyEnd = closingLabelEnd(value, headerEnd + 1);
		// No END closes this key, so none closes a later one either.
		if (keyEnd < 0) break;
		out += value.slice(copied, begin) + replacement;
		copied = keyEnd;
		begin = value.indexOf(BEGIN, keyEnd);
	}
	return copied === 0 ? value : out + value.slice(copied);
}

const isSchemeChar = (code: number) =>
	(code >= 97 && code <= 122) ||
	(code >= 65 && code <= 90) ||
	(code >= 48 && code <= 57) ||
	code === 43 ||
	code === 45 ||
	code === 46;
const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
const isWordChar = (code: number) => (isSchemeChar(code) ? !(code === 43 || code === 45 || code === 46) : code === 95);
const USER = /[^:/@\s]+/y;
const PASSWORD = /[^@/\s]+/y;

/** The length of the run `sticky` matches at `at` (0 for none). */
function runAt(sticky: RegExp, value: string, at: number): number {
	sticky.lastIndex = at;
	return sticky.exec(value)?.[0].length ?? 0;
}

/** What `/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi` replaced, with `$1${replacement}@`. */
export function filterUrlPasswords(value: string, replacement: string): string {
	let out = "";
	let copied = 0;
	let separator = value.indexOf("://");
	while (separator >= 0) {
		// The scheme is the leftmost letter after a word boundary in the run of scheme characters before `://`.
		let runStart = separator;
		while (runStart > copied && isSchemeChar(value.charCodeAt(runStart - 1))) runStart--;
		let start = -1;
		for (let at = runStart; at < separator && start < 0; at++) {
			const boundary = at === 0 || !isWordChar(value.charCodeAt(at - 1));
			if (boundary && isLetter(value.charCodeAt(at))) start = at;
		}
		const user = runAt(USER, value, separator + 3);
		const passwordStart = separator + 3 + user + 1;
		const password = user > 0 && value[passwordStart - 1] === ":" ? runAt(PASSWORD, value, passwordStart) : 0;
		if (start >= 0 && password > 0 && value[passwordStart + password] === "@") {
			out += `${value.slice(copied, passwordStart)}${replacement}@`;
			copied = passwordStart + password + 1;
			separator = value.indexOf("://", copied);
		} else {
			separator = value.indexOf("://", separator + 1);
		}
	}
	return copied === 0 ? value : out + value.slice(copied);
}
