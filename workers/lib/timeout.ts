/** Rejects with "<what> timed out after <ms> ms" when `promise` has not settled by then. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let cancel = () => {};
	const timeout = new Promise<never>((_, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
		cancel = () => clearTimeout(timer);
	});
	return Promise.race([promise, timeout]).finally(() => cancel());
}
