/**
 * A real local webhook receiver for alert tests and the alerts benchmark: it records every POST
 * (path, headers, body, when) and answers 200, or the status named by a `/status/<code>/…` path.
 * `GET /_requests?prefix=/x` returns the recorded requests whose path starts with `/x`.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	receivedAt: number;
}

export interface WebhookReceiver {
	url: string;
	requests: ReceivedWebhook[];
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const requests: ReceivedWebhook[] = [];
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? "/", "http://receiver");
		if (request.method === "GET" && url.pathname === "/_requests") {
			const prefix = url.searchParams.get("prefix") ?? "/";
			response.writeHead(200, { "content-type": "application/json" });
			response.end(JSON.stringify(requests.filter((received) => received.path.startsWith(prefix))));
			return;
		}
		const chunks: Buffer[] = [];
		request.on("data", (chunk: Buffer) => chunks.push(chunk));
		request.on("end", () => {
			requests.push({
				path: url.pathname,
				headers: request.headers,
				body: Buffer.concat(chunks).toString("utf8"),
				receivedAt: Date.now(),
			});
			const status = Number(url.pathname.match(/^\/status\/(\d{3})\//)?.[1] ?? 200);
			response.writeHead(status, { "content-type": "text/plain" });
			response.end(status < 300 ? "ok" : "failing on purpose");
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
