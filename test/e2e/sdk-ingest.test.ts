/**
 * The real Sentry SDK for Node against the running stack: an exception, a message and a session
 * go in through the relay and come out of the Web API (and, for the session, release health).
 */
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "./stack";

const stack = inject("stack");
const api = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.token}` } });

async function storedEvent(eventId: string) {
	return waitFor(async () => {
		const response = await api(`/api/0/projects/${stack.org}/${stack.project}/events/${eventId}/`);
		return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
	}, `event ${eventId}`);
}

const release = `e2e@${Date.now()}`;
let exceptionId = "";
let messageId = "";

beforeAll(async () => {
	Sentry.init({ dsn: stack.dsn, release, environment: "e2e", defaultIntegrations: false });
	Sentry.startSession();
	exceptionId = Sentry.captureException(new Error("e2e exception from the real SDK"));
	messageId = Sentry.captureMessage("e2e message from the real SDK", "warning");
	Sentry.endSession();
	expect(await Sentry.flush(5000)).toBe(true);
});

afterAll(() => Sentry.close());

describe("@sentry/node against Faultline", () => {
	it("stores the exception, grouped into an issue with its stack trace", async () => {
		const event = await storedEvent(exceptionId);
		expect(event).toMatchObject({
			title: "Error: e2e exception from the real SDK",
			release: { version: release },
			environment: "e2e",
		});
		const exception = (
			event.entries as { type: string; data: { values: { stacktrace: { frames: { filename: string }[] } }[] } }[]
		).find((entry) => entry.type === "exception");
		expect(
			exception?.data.values[0]?.stacktrace.frames.some((frame) => frame.filename.endsWith("sdk-ingest.test.ts")),
		).toBe(true);
		const issue = await (await api(`/api/0/organizations/${stack.org}/issues/${event.groupID}/`)).json();
		expect(issue).toMatchObject({ title: "Error: e2e exception from the real SDK", count: "1", status: "unresolved" });
	});

	it("stores the message at its level", async () => {
		expect(await storedEvent(messageId)).toMatchObject({ title: "e2e message from the real SDK", level: "warning" });
	});

	it("counts the session in release health, errored once", async () => {
		const statuses = await waitFor(async () => {
			const query = `field=sum(session)&groupBy=session.status&statsPeriod=24h&query=release:${encodeURIComponent(release)}`;
			const answer = (await (await api(`/api/0/organizations/${stack.org}/sessions/?${query}`)).json()) as {
				groups: { by: { "session.status": string }; totals: { "sum(session)": number } }[];
			};
			const counts = Object.fromEntries(
				answer.groups.map((group) => [group.by["session.status"], group.totals["sum(session)"]]),
			);
			return counts.errored ? counts : undefined;
		}, "the session");
		expect(statuses).toEqual({ abnormal: 0, crashed: 0, errored: 1, healthy: 0 });
	});
});
