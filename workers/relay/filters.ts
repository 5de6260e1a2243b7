/**
 * Inbound data filters (Relay's relay-filter), applied in Relay's order: client IPs, releases,
 * error messages, localhost, browser extensions, legacy browsers, web crawlers. Each returns the
 * outcome reason Sentry records (`ip-address`, `release-version`, …) or nothing.
 */
import { globMatches } from "../lib/glob";
import type { FilterSettings } from "../lib/project-config";

export type FilterReason =
	| "ip-address"
	| "release-version"
	| "error-message"
	| "localhost"
	| "browser-extensions"
	| "legacy-browsers"
	| "web-crawlers";

/** The parts of an event (and of the request that carried it) the filters look at. */
export interface FilterInput {
	event: Record<string, unknown>;
	clientIp: string | undefined;
	userAgent: string | undefined;
}

const record = (value: unknown): Record<string, unknown> =>
	typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function exceptions(event: Record<string, unknown>): Record<string, unknown>[] {
	const container = event.exception;
	const values = Array.isArray(container) ? container : record(container).values;
	return Array.isArray(values) ? values.map(record) : [];
}

function userIp(input: FilterInput): string | undefined {
	const ip = text(record(input.event.user).ip_address);
	return ip === "{{auto}}" || ip === undefined ? input.clientIp : ip;
}

function headerOf(event: Record<string, unknown>, name: string): string | undefined {
	const headers = record(event.request).headers;
	const pairs = Array.isArray(headers) ? headers : Object.entries(record(headers));
	for (const pair of pairs) {
		if (Array.isArray(pair) && String(pair[0]).toLowerCase() === name) return text(pair[1]);
	}
	return undefined;
}

const userAgentOf = (input: FilterInput) => headerOf(input.event, "user-agent") ?? input.userAgent;

function ipInCidr(ip: string, cidr: string): boolean {
	const [network, bits] = cidr.split("/");
	if (bits === undefined) return ip === network;
	const toNumber = (address: string) => {
		const parts = address.split(".").map(Number);
		if (parts.length !== 4 || parts.some((part) => !(part >= 0 && part <= 255))) return undefined;
		return parts.reduce((total, part) => total * 256 + part, 0);
	};
	const [a, b, prefix] = [toNumber(ip), toNumber(network ?? ""), Number(bits)];
	if (a === undefined || b === undefined || !(prefix >= 0 && prefix <= 32)) return false;
	const size = 2 ** (32 - prefix);
	return Math.floor(a / size) === Math.floor(b / size);
}

/** The messages an error-message pattern is matched against: `Type: value` of each exception, and the log message. */
function messagesOf(event: Record<string, unknown>): string[] {
	const messages = exceptions(event).map((exception) =>
		[text(exception.type), text(exception.value)].filter(Boolean).join(": "),
	);
	const logentry = record(event.logentry);
	for (const message of [text(logentry.formatted), text(logentry.message), text(event.message)]) {
		if (message) messages.push(message);
	}
	return messages.filter((message) => message !== "");
}

const LOCAL_IPS = new Set(["127.0.0.1", "::1"]);

function isLocalhost(input: FilterInput): boolean {
	const ip = userIp(input);
	if (ip && LOCAL_IPS.has(ip)) return true;
	const url = text(record(input.event.request).url);
	if (!url) return false;
	try {
		const { protocol, hostname } = new URL(url);
		const host = hostname.replace(/^\[|\]$/g, "");
		return protocol === "file:" || host === "localhost" || host.endsWith(".localhost") || LOCAL_IPS.has(host);
	} catch {
		return false;
	}
}

const EXTENSION_ERRORS =
	/top\.GLOBALS|originalCreateNotification|canvas\.contentDocument|MyApp_RemoveAllHighlights|http:\/\/tt\.epicplay\.com|Can't find variable: ZiteReader|jigsaw is not defined|ComboSearch is not defined|http:\/\/loading\.retry\.widdit\.com\/|atomicFindClose|fb_xd_fragment|bmi_SafeAddOnload|EBCallBackMessageReceived|conduitPage|Extension context invalidated|webkit-masked-url:|can't access dead object|Cannot redefine property: (solana|ethereum)|vv\(\) is not a function/;
const EXTENSION_SOURCES =
	/^chrome(-extension)?:\/\/|^moz-extension:\/\/|^safari(-web)?-extension:\/\/|graph\.facebook\.com|connect\.facebook\.net|eatdifferent\.com\.woopra-ns\.com|static\.woopra\.com\/js\/woopra\.js|^resource:\/\/|^webkit-masked-url:|kaspersky-labs\.com|plugin\.php|reader\/data|\/\/metrics\.itunes\.apple\.com\.edgesuite\.net\//i;

function isBrowserExtension(event: Record<string, unknown>): boolean {
	const [first] = exceptions(event);
	if (!first) return false;
	if (EXTENSION_ERRORS.test(text(first.value) ?? "")) return true;
	const frames = record(first.stacktrace).frames;
	if (!Array.isArray(frames)) return false;
	const lastNamed = frames
		.map(record)
		.reverse()
		.find((frame) => text(frame.abs_path) && text(frame.abs_path) !== "<anonymous>");
	return lastNamed !== undefined && EXTENSION_SOURCES.test(text(lastNamed.abs_path) ?? "");
}

const CRAWLERS =
	/Mediapartners-Google|AdsBot-Google|Googlebot|FeedFetcher-Google|Storebot-Google|BingBot|BingPreview|Baiduspider|Slurp|Sogou|facebook|ia_archiver|bots?[/\s);]|spider[/\s);]|Slack|Calypso AppCrawler|pingdom|lyticsbot|AWS Security Scanner|HubSpot Crawler|Bytespider|Better Uptime|Cloudflare-Healthchecks|GTmetrix|BrightEdgeCrawler|Anthropic|ClaudeBot|GPTBot|PerplexityBot/i;
const SLACKBOT_1 = /Slackbot\s1\.\d+/i;

function isWebCrawler(userAgent: string | undefined): boolean {
	return userAgent !== undefined && CRAWLERS.test(userAgent) && !SLACKBOT_1.test(userAgent);
}

/**
 * Opera's version, as the leftmost of: the last `Version/<n>` after `Opera/<n>` (Presto) and
 * `OPR/<n>` (Blink).
 */
function operaVersion(userAgent: string): number | undefined {
	const presto = userAgent.search(/Opera\/\d/);
	const prestoVersion = presto >= 0 ? [...userAgent.slice(presto).matchAll(/Version\/(\d+)/g)].at(-1) : undefined;
	const blink = /OPR\/(\d+)/.exec(userAgent);
	if (prestoVersion && (!blink || presto < blink.index)) return Number(prestoVersion[1]);
	return blink ? Number(blink[1]) : undefined;
}

/**
 * Safari's version: a word holding `Version/<n>` followed by the word `Safari/…`, or by
 * `Mobile/…` and then `Safari/…`. Read word by word (a regex for it backtracked quadratically).
 */
function safariVersion(userAgent: string): number | undefined {
	const words = userAgent.split(" ");
	for (const [index, word] of words.entries()) {
		const version = /Version\/(\d+)/.exec(word);
		if (!version) continue;
		const next = words[index + 1] ?? "";
		const afterMobile = /^Mobile\/\S+$/.test(next) ? words[index + 2] : next;
		if (afterMobile?.startsWith("Safari/")) return Number(version[1]);
	}
	return undefined;
}

/**
 * Which legacy-browser option, if any, a user agent falls under. Every pattern here is linear in the
 * user agent (an event's request headers can carry one of hundreds of kilobytes).
 */
function legacyBrowserOf(userAgent: string): string | undefined {
	const ie = /MSIE (\d+)/.exec(userAgent);
	if (ie) return Number(ie[1]) <= 8 ? "ie_pre_9" : Number(ie[1]) === 9 ? "ie9" : "ie10";
	if (/Trident\/7\.0/.test(userAgent)) return "ie11";
	const operaMini = /Opera Mini\/(\d+)/.exec(userAgent);
	if (operaMini && Number(operaMini[1]) < 8) return "opera_mini_pre_8";
	const opera = operaVersion(userAgent);
	if (opera !== undefined && opera < 15) return "opera_pre_15";
	const android = /Android (\d+)/.exec(userAgent);
	if (android && Number(android[1]) < 4) return "android_pre_4";
	const safari = safariVersion(userAgent);
	if (safari !== undefined && !/Chrome|Chromium/.test(userAgent) && safari < 6) return "safari_pre_6";
	return undefined;
}

const DEFAULT_LEGACY = new Set([
	"ie_pre_9",
	"ie9",
	"ie10",
	"opera_pre_15",
	"opera_mini_pre_8",
	"android_pre_4",
	"safari_pre_6",
]);

function isLegacyBrowser(userAgent: string | undefined, options: string[]): boolean {
	const browser = userAgent ? legacyBrowserOf(userAgent) : undefined;
	if (!browser) return false;
	return options.includes(browser) || (options.includes("default") && DEFAULT_LEGACY.has(browser));
}

export function inboundFilterReason(settings: FilterSettings, input: FilterInput): FilterReason | undefined {
	const ip = userIp(input);
	if (ip && settings.clientIps?.blacklistedIps.some((blocked) => ipInCidr(ip, blocked))) return "ip-address";
	const release = text(input.event.release);
	if (release && settings.releases?.releases.some((pattern) => globMatches(pattern, release))) return "release-version";
	const patterns = settings.errorMessages?.patterns ?? [];
	if (patterns.length && messagesOf(input.event).some((message) => patterns.some((p) => globMatches(p, message)))) {
		return "error-message";
	}
	if (settings.localhost?.isEnabled && isLocalhost(input)) return "localhost";
	if (settings.browserExtensions?.isEnabled && isBrowserExtension(input.event)) return "browser-extensions";
	const userAgent = userAgentOf(input);
	if (settings.legacyBrowsers?.isEnabled && isLegacyBrowser(userAgent, settings.legacyBrowsers.options)) {
		return "legacy-browsers";
	}
	if (settings.webCrawlers?.isEnabled && isWebCrawler(userAgent)) return "web-crawlers";
	return undefined;
}
