/** Reading untrusted JSON (SDK payloads, stored bodies) without throwing: each helper answers a safe default. */
export type Json = Record<string, unknown>;

/** The value if it is a JSON object, else an empty one. */
export const record = (value: unknown): Json =>
	typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** The value if it is a string. */
export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The value if it is an array, else an empty one. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Any JSON value as text, never throwing (String() throws for `{"toString": 1}`). */
export function toText(value: unknown): string {
	if (typeof value === "string") return value;
	return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Sets `object[key]` as its own data property, even when the key is "__proto__" (which plain assignment would not). */
export function setOwn(object: Json, key: string, value: unknown): void {
	Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}
