/**
 * Server-side data scrubbing with Sentry's defaults (`scrubData` + `scrubDefaults`): values under
 * password-like keys become "[Filtered]", and so do credit-card numbers, bearer tokens, PEM private
 * keys, passwords in URLs and US social-security numbers inside any string; sensitive cookies are
 * removed and the Cookie and Authorization headers filtered. File names, paths of frames and
 * debug metadata are left alone, as Relay leaves them.
 */
import { type Json, setOwn, toText } from "../../lib/json";
import { filterPemKeys, filterUrlPasswords } from "./secrets";

export const FILTERED = "[Filtered]";

const SENSITIVE_KEY =
	/password|secret|passwd|api[-_]?key|auth|credentials|mysql_pwd|privatekey|private[-_]key|token|^otp$|^two[-_]factor$|cookie|session/i;
const SENSITIVE_COOKIES = new Set([
	"sentrysid",
	"sudo",
	"su",
	"session",
	"__session",
	"sessionid",
	"user_session",
	"symfony",
	"phpsessid",
	"fasthttpsessionid",
	"mysession",
	"irissessionid",
	"_vercel_jwt",
	"csrf",
	"xsrf",
	"_xsrf",
	"_csrf",
	"csrf-token",
	"csrf_token",
	"xsrf-token",
	"xsrf_token",
	"fastcsrf",
	"_iris_csrf",
	"csrftoken",
]);
/** Keys whose values are never scrubbed (Relay's exceptions to `@common:filter`). */
const KEPT_KEYS = new Set([
	"filename",
	"abs_path",
	"debug_meta",
	"user-agent",
	"event_id",
	"type",
	"function",
	"module",
]);

/**
 * Every pattern here is linear in the string: an event's strings are built by whoever holds the DSN.
 * PEM keys and passwords in URLs are found by scanners (secrets.ts): their regexes backtracked
 * quadratically (one 800 KB message held the consumer for minutes).
 */
/** Runs of digits, with the spaces and dashes cards are written with. */
const DIGIT_RUN = /\d(?:[ -]?\d){12,}/g;
const BEARER = /\b(Bearer\s+)\S+/gi;
const US_SSN = /\b\d{3}-\d{2}-\d{4}\b/g;

/** Luhn check, so that ordinary long numbers (ids, timestamps) are not mistaken for cards. */
function passesLuhn(digits: string): boolean {
	let sum = 0;
	for (let index = 0; index < digits.length; index++) {
		let digit = Number(digits[digits.length - 1 - index]);
		if (index % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}

/** Does a run of digits hold a card number anywhere in it (it may touch other digits)? */
function containsCardNumber(run: string): boolean {
	const digits = run.replace(/\D/g, "").slice(0, 64);
	for (let length = 13; length <= 19; length++) {
		for (let start = 0; start + length <= digits.length; start++) {
			// Card numbers start with 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard) or 6 (Discover).
			if ("3456".includes(digits[start] as string) && passesLuhn(digits.slice(start, start + length))) return true;
		}
	}
	return false;
}

/** Only strings with one of these can hold what scrubString filters (a card, an SSN, a key, a token, a URL). */
const MAY_HOLD_SECRET = /\d|:\/\/|-----|bearer/i;

export function scrubString(value: string): string {
	if (!MAY_HOLD_SECRET.test(value)) return value;
	const withoutKeysAndTokens = filterPemKeys(value, FILTERED).replace(BEARER, `$1${FILTERED}`);
	return filterUrlPasswords(withoutKeysAndTokens, FILTERED)
		.replace(US_SSN, FILTERED)
		.replace(DIGIT_RUN, (run) => (containsCardNumber(run) ? FILTERED : run));
}

/** Whether values under this key are filtered (password-like keys, except Relay's exceptions). */
export const isSensitiveKey = (key: string) => !KEPT_KEYS.has(key.toLowerCase()) && SENSITIVE_KEY.test(key);

/** Scrubs in place (strings, being immutable, are returned scrubbed); returns what to keep. */
function scrubValue(value: unknown, key: string | undefined): unknown {
	if (key !== undefined && KEPT_KEYS.has(key.toLowerCase())) return value;
	if (key !== undefined && SENSITIVE_KEY.test(key) && value !== null && value !== undefined && value !== "") {
		return typeof value === "object" ? scrubValue(value, undefined) : FILTERED;
	}
	if (typeof value === "string") return scrubString(value);
	if (Array.isArray(value)) {
		// [key, value] pairs (headers, tags, cookies) are scrubbed by their key.
		if (value.length === 2 && typeof value[0] === "string" && !Array.isArray(value[1])) {
			value[1] = scrubValue(value[1], value[0]);
			return value;
		}
		for (let index = 0; index < value.length; index++) {
			const item = value[index];
			if (typeof item === "object" || typeof item === "string") value[index] = scrubValue(item, undefined);
		}
		return value;
	}
	if (typeof value === "object" && value !== null) {
		const object = value as Json;
		for (const childKey of Object.keys(object)) {
			const child = object[childKey];
			const scrubbed = scrubValue(child, childKey);
			if (scrubbed !== child) setOwn(object, childKey, scrubbed);
		}
		return object;
	}
	return value;
}

function withoutSensitiveCookies(cookies: unknown): unknown {
	if (typeof cookies === "string") {
		return cookies
			.split(";")
			.filter((cookie) => !SENSITIVE_COOKIES.has(cookie.split("=")[0]?.trim().toLowerCase() ?? ""))
			.join(";");
	}
	const pairs = Array.isArray(cookies) ? cookies : Object.entries((cookies ?? {}) as Json);
	return pairs.filter((pair) => !(Array.isArray(pair) && SENSITIVE_COOKIES.has(toText(pair[0]).toLowerCase())));
}

/** The event scrubbed in place (the consumer's own copy); `debug_meta` is left alone. */
export function scrubEvent(event: Json): Json {
	const { debug_meta: debugMeta, ...rest } = event;
	const request = rest.request as Json | undefined;
	if (request?.cookies !== undefined) request.cookies = withoutSensitiveCookies(request.cookies);
	const scrubbed = scrubValue(rest, undefined) as Json;
	return debugMeta === undefined ? scrubbed : { ...scrubbed, debug_meta: debugMeta };
}
