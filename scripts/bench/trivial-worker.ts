/** The baseline for benchmarks: a worker that reads the body and answers, nothing else. */
export default {
	async fetch(request: Request): Promise<Response> {
		await request.arrayBuffer();
		return new Response('{"id":"0"}', { headers: { "content-type": "application/json" } });
	},
};
