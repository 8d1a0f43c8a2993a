/** Runs `work` on every item with at most `limit` under way at once; settles like Promise.allSettled. */
export async function mapSettled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
	const results: PromiseSettledResult<R>[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			try {
				results[index] = {status: 'fulfilled', value: await work(items[index]!)};
			} catch (reason) {
				results[index] = {status: 'rejected', reason};
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
