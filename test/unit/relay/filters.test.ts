import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatches } from "../../../workers/lib/glob";
import { inboundFilterReason } from "../../../workers/relay/filters";

const on = { isEnabled: true };
const filter = (
	settings: Parameters<typeof inboundFilterReason>[0],
	event: Record<string, unknown>,
	userAgent?: string,
	clientIp?: string,
) => inboundFilterReason(settings, { event, userAgent, clientIp });

describe("globMatches", () => {
	it.each([
		["*ResizeObserver*", "ResizeObserver loop limit exceeded", true],
		["1.2.*", "1.2.3", true],
		["1.2.*", "1.3.0", false],
		["a?c", "ABC", true],
		["*", "", true],
		["abc", "abcd", false],
		["a*a", "a", false],
		["*b*", "", false],
		["**", "x", true],
		["a*?c", "abc", true],
	])("%s against %s is %s", (pattern, text, expected) => {
		expect(globMatches(pattern, text)).toBe(expected);
	});

	it("agrees with a regular expression on random inputs", () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[ab*?]{0,10}$/), fc.stringMatching(/^[ab]{0,14}$/), (pattern, text) => {
				const regex = new RegExp(`^${pattern.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "is");
				expect(globMatches(pattern, text)).toBe(regex.test(text));
			}),
			{ numRuns: 2000 },
		);
	});

	it("stays linear on patterns that make backtracking regexes explode", () => {
		const pattern = `${"*a".repeat(50)}*b`;
		const text = "a".repeat(20_000);
		expect(globMatches(pattern, text)).toBe(false);
	});

	it("finishes a long pattern against a long hostile text that a backtracking matcher needs ~10^10 steps for", () => {
		// With backtracking on `*` (or the two-pointer algorithm) every one of the million starting
		// places re-reads up to 10,000 characters; KMP reads each character of the text about twice.
		const pattern = `*${"a".repeat(10_000)}b*`;
		const text = "a".repeat(1_000_000);
		expect(globMatches(pattern, text)).toBe(false);
		expect(globMatches(pattern, `${text}b`)).toBe(true);
		expect(globMatches(`*${"a?".repeat(20)}b`, "a".repeat(100_000))).toBe(false);
	});
});

describe("inboundFilterReason", () => {
	const error = (value: string, frames: object[] = []) => ({
		exception: { values: [{ type: "TypeError", value, stacktrace: { frames } }] },
	});

	it("filters error messages by glob, against `Type: value`", () => {
		const settings = { errorMessages: { patterns: ["TypeError: *ResizeObserver*"] } };
		expect(filter(settings, error("ResizeObserver loop limit exceeded"))).toBe("error-message");
		expect(filter(settings, error("something else"))).toBeUndefined();
	});

	it("filters releases by glob", () => {
		const settings = { releases: { releases: ["1.2.*"] } };
		expect(filter(settings, { release: "1.2.9" })).toBe("release-version");
		expect(filter(settings, { release: "2.0.0" })).toBeUndefined();
	});

	it("filters localhost by user IP, URL host and file URLs, only when enabled", () => {
		expect(filter({ localhost: on }, { user: { ip_address: "127.0.0.1" } })).toBe("localhost");
		expect(filter({ localhost: on }, { request: { url: "http://foo.localhost:3000/x" } })).toBe("localhost");
		expect(filter({ localhost: on }, { request: { url: "file:///tmp/x.html" } })).toBe("localhost");
		expect(filter({ localhost: on }, { request: { url: "https://localhost.com/" } })).toBeUndefined();
		expect(filter({ localhost: on }, { user: { ip_address: "{{auto}}" } }, undefined, "::1")).toBe("localhost");
		expect(filter({}, { user: { ip_address: "127.0.0.1" } })).toBeUndefined();
	});

	it("filters browser extensions by message and by the last frame's source", () => {
		expect(filter({ browserExtensions: on }, error("top.GLOBALS is undefined"))).toBe("browser-extensions");
		expect(filter({ browserExtensions: on }, error("boom", [{ abs_path: "chrome-extension://abc/x.js" }]))).toBe(
			"browser-extensions",
		);
		expect(
			filter({ browserExtensions: on }, error("boom", [{ abs_path: "https://app.example/x.js" }])),
		).toBeUndefined();
	});

	it("filters web crawlers by user agent, but not Slackbot 1.x", () => {
		expect(filter({ webCrawlers: on }, {}, "Mozilla/5.0 (compatible; Googlebot/2.1)")).toBe("web-crawlers");
		expect(filter({ webCrawlers: on }, {}, "Slackbot 1.0 (+https://api.slack.com/robots)")).toBeUndefined();
		expect(filter({ webCrawlers: on }, {}, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")).toBeUndefined();
	});

	it("filters legacy browsers from the event's own request headers", () => {
		const ie9 = { request: { headers: [["User-Agent", "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)"]] } };
		expect(filter({ legacyBrowsers: { isEnabled: true, options: ["default"] } }, ie9)).toBe("legacy-browsers");
		expect(filter({ legacyBrowsers: { isEnabled: true, options: ["ie11"] } }, ie9)).toBeUndefined();
	});

	it("filters client IPs and CIDR blocks", () => {
		const settings = { clientIps: { blacklistedIps: ["10.0.0.0/8", "192.0.2.1"] } };
		expect(filter(settings, {}, undefined, "10.1.2.3")).toBe("ip-address");
		expect(filter(settings, { user: { ip_address: "192.0.2.1" } })).toBe("ip-address");
		expect(filter(settings, {}, undefined, "11.0.0.1")).toBeUndefined();
	});
});

describe("the legacy-browser filter's user agent parsing", () => {
	// Relay's patterns, which backtrack (quadratically) on long user agents: the specification on short ones.
	const OPERA = /Opera\/\d+.*Version\/(\d+)|OPR\/(\d+)/;
	const SAFARI = /Version\/(\d+)[^ ]* (Mobile\/\S+ )?Safari\//;
	const only = (option: string) => ({ legacyBrowsers: { isEnabled: true, options: [option] } });
	const userAgent = fc
		.array(
			fc.constantFrom("Opera/", "Version/", "OPR/", "Safari/", "Mobile/", "1", "5", "12", "9.8", " ", "x", "Chrome"),
			{
				maxLength: 16,
			},
		)
		.map((parts) => parts.join(""));

	it("agrees with Relay's patterns on generated user agents", () => {
		fc.assert(
			fc.property(userAgent, (agent) => {
				const opera = OPERA.exec(agent);
				const isOldOpera = opera !== null && Number(opera[1] ?? opera[2]) < 15;
				const safari = SAFARI.exec(agent);
				const isOldSafari = !isOldOpera && safari !== null && !/Chrome/.test(agent) && Number(safari[1]) < 6;
				expect(filter(only("opera_pre_15"), {}, agent) === "legacy-browsers").toBe(isOldOpera);
				expect(filter(only("safari_pre_6"), {}, agent) === "legacy-browsers").toBe(isOldSafari);
			}),
			{ numRuns: 3000 },
		);
	});

	it("reads the user agents built to make those patterns backtrack in one pass", () => {
		// recheck's attack strings, at the size an event's request headers allow: ~4·10^10 steps each for the regexes.
		const digits = "0".repeat(200_000);
		expect(filter(only("opera_pre_15"), {}, `Opera/0${digits}`)).toBeUndefined();
		expect(filter(only("safari_pre_6"), {}, `Version/0${digits}`)).toBeUndefined();
		const headers = [["User-Agent", `Version/5.${digits} Safari/1`]];
		expect(filter(only("safari_pre_6"), { request: { headers } })).toBe("legacy-browsers");
	});
});
