/**
 * The most expensive error events we could build within the relay's limits (an event item of at most
 * 1 MiB, JSON nested at most 128 deep), one per way of making the consumer work: the attack strings
 * of the patterns that once backtracked (recheck's), placeholders against a large param, stacks of
 * 250 frames each in its own file with its own debug image, and a megabyte of tiny values. The
 * ingest isolation test stores them beside 49 ordinary messages; `npm run bench` measures their CPU.
 */
type Json = Record<string, unknown>;

const MAX_EVENT_BYTES = 1024 * 1024;

/** Pads `event` with `filler(n)` under `extra.filler` to just under the relay's event limit. */
function padded(event: Json, filler: (count: number) => unknown, unitBytes: number): Json {
	const base = JSON.stringify(event).length;
	const count = Math.floor((MAX_EVENT_BYTES - base - 64) / unitBytes);
	return { ...event, extra: { ...(event.extra as Json), filler: filler(count) } };
}

const bait = {
	pem: "B-----BEGINPRIVATE KEY------",
	urlPassword: "A+",
	opera: "Opera/0",
	digits: "0",
};

function attackStrings(): Json {
	const frames = Array.from({ length: 250 }, (_, index) => ({
		abs_path: `${bait.urlPassword.repeat(64)}://u:p@h/${index}`,
		function: bait.pem.repeat(10),
		context_line: bait.pem.repeat(30),
		lineno: index + 1,
		colno: 1,
	}));
	const event: Json = {
		platform: "node",
		level: "error",
		logentry: { message: `${bait.urlPassword.repeat(4096)}` },
		exception: { values: [{ type: "Error", value: bait.pem.repeat(300), stacktrace: { frames } }] },
		breadcrumbs: { values: Array.from({ length: 100 }, () => ({ message: bait.urlPassword.repeat(1000) })) },
		request: { url: "https://example.com/", headers: [["User-Agent", `${bait.opera}${bait.digits.repeat(8000)}`]] },
	};
	// Strings of the relay's longest kept length (8192), each an attack string.
	return padded(event, (count) => Array.from({ length: count }, () => bait.pem.repeat(292)), 8200);
}

function placeholders(): Json {
	return padded(
		{ logentry: { message: "%(a)s%s{}".repeat(900), params: { a: "x".repeat(300_000) } } },
		(count) => Array.from({ length: count }, () => "%s%d%(a)s{}".repeat(800)),
		8810,
	);
}

function framesAndImages(): Json {
	const values = Array.from({ length: 8 }, (_, exception) => ({
		type: "Error",
		value: "frames",
		stacktrace: {
			frames: Array.from({ length: 250 }, (_, index) => ({
				abs_path: `https://cdn.example/${exception}/chunk-${index}.js`,
				function: `f${index}`,
				lineno: 1,
				colno: index + 1,
				in_app: true,
			})),
		},
	}));
	const images = values.flatMap(({ stacktrace }) =>
		stacktrace.frames.map((frame, index) => ({
			type: "sourcemap",
			code_file: frame.abs_path,
			debug_id: `${index.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
		})),
	);
	return padded(
		{ platform: "javascript", release: "worst@1", exception: { values }, debug_meta: { images } },
		(count) => Array.from({ length: count }, (_, index) => ({ type: "sourcemap", code_file: `x${index}` })),
		48,
	);
}

function tinyValues(): Json {
	// Outside any data bag (an unknown field): nothing trims it but the walk itself.
	const event = { message: "tiny", unknown: [] as number[] };
	const count = Math.floor((MAX_EVENT_BYTES - 64) / 2);
	event.unknown = Array.from({ length: count }, () => 1);
	return event;
}

/** Each worst case by name, as the SDK would send it (JSON text under 1 MiB). */
export function worstEvents(): Record<string, Json> {
	return {
		"regex attack strings": attackStrings(),
		"placeholders × a large param": placeholders(),
		"2000 frames, each its own file and debug image": framesAndImages(),
		"half a million tiny values": tinyValues(),
	};
}
