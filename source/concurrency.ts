/**
 * Runs `task` over `items` with at most `limit` in flight, and settles every one: a backend with many objects
 * gets a bounded number of requests at once, and one failure never hides the others' results.
 */
export async function settleWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
	const results: Array<PromiseSettledResult<R>> = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			try {
				results[index] = {status: 'fulfilled', value: await task(items[index]!)};
			} catch (error) {
				results[index] = {status: 'rejected', reason: error};
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
