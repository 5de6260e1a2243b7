import { describe, expect, it } from "vitest";
import { extractAuth } from "../../../workers/relay/auth";

const KEY = "e12d836b15bb49d7bbf99e64295d995b";
const auth = (headers: Record<string, string> = {}, query = "", envelopeDsn?: unknown) =>
	extractAuth({ headers: new Headers(headers), query: new URLSearchParams(query), envelopeDsn });

describe("extractAuth", () => {
	it.each([
		["X-Sentry-Auth", { "x-sentry-auth": `Sentry sentry_version=7, sentry_client=x/1, sentry_key=${KEY}` }, ""],
		["Authorization: Sentry", { authorization: `Sentry sentry_key=${KEY}, sentry_version=7` }, ""],
		["Authorization: Basic", { authorization: `Basic ${btoa(`${KEY}:`)}` }, ""],
		["the query string", {}, `sentry_key=${KEY}&sentry_version=7`],
	])("reads the key from %s", (_, headers, query) => {
		expect(auth(headers, query)).toMatchObject({ ok: true, auth: { publicKey: KEY } });
	});

	it("reads the key from the envelope's dsn header when nothing else is given", ({ expect }) => {
		expect(auth({}, "", `https://${KEY}@o1.ingest.us.example.com/42`)).toMatchObject({
			ok: true,
			auth: { publicKey: KEY },
		});
		expect(auth({}, "", "not a dsn")).toEqual({ ok: false, status: 401, detail: "bad envelope authentication header" });
	});

	it("refuses more than one source with 401", ({ expect }) => {
		expect(auth({ "x-sentry-auth": `Sentry sentry_key=${KEY}` }, `sentry_key=${KEY}`)).toEqual({
			ok: false,
			status: 401,
			detail: "multiple authorization payloads detected",
		});
		const other = "a".repeat(32);
		expect(auth({}, `sentry_key=${KEY}`, `https://${other}@h/1`)).toMatchObject({ ok: false, status: 401 });
	});

	it("refuses missing and garbled auth with 401", ({ expect }) => {
		expect(auth()).toEqual({ ok: false, status: 401, detail: "missing authorization information" });
		expect(auth({ "x-sentry-auth": "Bearer nope" })).toEqual({
			ok: false,
			status: 401,
			detail: "bad x-sentry-auth header",
		});
		expect(auth({}, "sentry_version=7")).toMatchObject({ ok: false, status: 401 });
	});

	it("refuses an unsupported protocol version and a malformed key with 400", ({ expect }) => {
		expect(auth({}, `sentry_key=${KEY}&sentry_version=8`)).toEqual({
			ok: false,
			status: 400,
			detail: "unsupported protocol version (8)",
		});
		expect(auth({}, "sentry_key=xyz")).toEqual({ ok: false, status: 400, detail: "bad sentry DSN public key" });
	});

	it("accepts Relay's key flags and upper-case keys", ({ expect }) => {
		expect(auth({}, `sentry_key=${KEY.toUpperCase()}.no-cache`)).toMatchObject({ ok: true, auth: { publicKey: KEY } });
	});
});
