/**
 * Where to send a browser after login (or after a form post): only a path on this site. An open
 * redirect would hand a fresh session to a phishing page. Browsers read `/\evil.example` and
 * `/<TAB>/evil.example` as `//evil.example`, so a value with a backslash or a control character is
 * refused outright; the rest is resolved with the WHATWG URL parser, as a browser resolves a
 * `Location`, and must stay on this origin, as must each percent-decoded form of it (in case
 * something on the way decodes it again). Anything else is `/`.
 */

const MAX_LENGTH = 2048;
const MAX_DECODINGS = 3;
const ORIGIN = "http://faultline.invalid";

/** The path, query and fragment `value` leads to on this site, or undefined if it leads elsewhere. */
function sameOriginPath(value: string): string | undefined {
	if (!value.startsWith("/")) return undefined;
	let url: URL;
	try {
		url = new URL(value, ORIGIN);
	} catch {
		return undefined;
	}
	// `/.//evil.example` resolves to the path `//evil.example`, a host again when sent as a Location.
	if (url.origin !== ORIGIN || url.pathname.startsWith("//")) return undefined;
	return url.pathname + url.search + url.hash;
}

/** Browsers read a backslash as a slash and drop tabs and line breaks; none belongs in a path we sent. */
const hasBackslashOrControl = (value: string) =>
	[...value].some((char) => char === "\\" || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

const decodeOnce = (value: string) => {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
};

export function safeNext(next: string | undefined): string {
	if (!next || next.length > MAX_LENGTH || hasBackslashOrControl(next)) return "/";
	const normalised = sameOriginPath(next);
	if (normalised === undefined) return "/";
	let decoded = next;
	for (let round = 0; round < MAX_DECODINGS; round++) {
		const again = decodeOnce(decoded);
		if (again === decoded) break;
		if (sameOriginPath(again) === undefined) return "/";
		decoded = again;
	}
	return normalised;
}
