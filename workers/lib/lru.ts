/** A least-recently-used map with a bounded number of entries. */
export class LruCache<V> {
	readonly #entries = new Map<string, V>();
	constructor(readonly capacity: number) {}
	get(key: string): V | undefined {
		const value = this.#entries.get(key);
		if (value !== undefined) {
			this.#entries.delete(key);
			this.#entries.set(key, value);
		}
		return value;
	}
	set(key: string, value: V): void {
		this.#entries.delete(key);
		this.#entries.set(key, value);
		if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
	}
	delete(key: string): void {
		this.#entries.delete(key);
	}
	clear(): void {
		this.#entries.clear();
	}
	get size() {
		return this.#entries.size;
	}
}
