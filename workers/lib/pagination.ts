/** Sentry's cursor pagination: `?cursor=<value>:<offset>:<is_prev>` in, a `Link` header out. Faultline pages by offset. */

export function parseCursor(cursor: string | undefined): number {
	const offset = Number(cursor?.split(":")[1] ?? 0);
	return Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
}

/** The `Link` header Sentry clients page with. */
export function linkHeader(url: URL, offset: number, limit: number, hasMore: boolean): string {
	const link = (cursorOffset: number, rel: "previous" | "next", results: boolean, isPrev: 0 | 1) => {
		const cursor = `0:${cursorOffset}:${isPrev}`;
		const target = new URL(url);
		target.searchParams.set("cursor", cursor);
		return `<${target.href}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
	};
	return [link(Math.max(0, offset - limit), "previous", offset > 0, 1), link(offset + limit, "next", hasMore, 0)].join(
		", ",
	);
}
