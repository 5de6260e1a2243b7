/**
 * The UI reads and changes data through the Web API itself, with the session's cookie and CSRF token:
 * the same routes, authentication, organization scoping and gateway to the region as any API client.
 * `dispatch` is the app serving `/api/0/…` (the monolith, or control with its gateway).
 */
import type { Context, ExecutionContext } from "hono";
import { getCookie } from "hono/cookie";
import { ApiError } from "../../lib/errors";
import type { ControlAppEnv } from "../auth";
import { CSRF_COOKIE, CSRF_HEADER } from "../cookies";

export type Dispatch = (
	request: Request,
	env: ControlAppEnv["Bindings"],
	ctx: ExecutionContext | undefined,
) => Response | Promise<Response>;

export interface ApiAnswer<T> {
	data: T;
	link: string | null;
}

function executionContextOf<E extends ControlAppEnv>(c: Context<E>): ExecutionContext | undefined {
	try {
		return c.executionCtx;
	} catch {
		return undefined;
	}
}

/** Calls the Web API as the signed-in user; an error answer becomes an ApiError with the API's own detail. */
export async function callApi<T, E extends ControlAppEnv = ControlAppEnv>(
	c: Context<E>,
	dispatch: Dispatch,
	path: string,
	init: { method?: string; body?: unknown } = {},
): Promise<ApiAnswer<T>> {
	const headers = new Headers({ accept: "application/json", host: new URL(c.req.url).host });
	const cookie = c.req.header("cookie");
	if (cookie) headers.set("cookie", cookie);
	headers.set(CSRF_HEADER, getCookie(c, CSRF_COOKIE) ?? "");
	if (init.body !== undefined) headers.set("content-type", "application/json");
	const request = new Request(new URL(path, c.req.url), {
		method: init.method ?? "GET",
		headers,
		...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
	});
	const response = await dispatch(request, c.env, executionContextOf(c));
	if (!response.ok) {
		const detail = await response
			.json()
			.then((body) => String((body as { detail?: unknown }).detail ?? response.statusText))
			.catch(() => response.statusText);
		throw new ApiError(response.status as 400, detail);
	}
	const data = (response.status === 204 ? null : await response.json()) as T;
	return { data, link: response.headers.get("link") };
}

/** The cursor of a `Link` header's relation, when it has results. */
export function cursorOf(link: string | null, rel: "next" | "previous"): string | undefined {
	for (const part of (link ?? "").split(",")) {
		if (part.includes(`rel="${rel}"`) && part.includes('results="true"')) {
			return /cursor="([^"]+)"/.exec(part)?.[1];
		}
	}
	return undefined;
}
