/**
 * Polls `read` until it gives something truthy, and returns it; fails naming `what` once time is up, with
 * `lastSeen()` (the frame, the output, the status) appended so a failure shows what was there instead.
 */
export async function until<T>(read: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000, lastSeen?: () => string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await read();
		if (value) return value;
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastSeen ? `; ${lastSeen()}` : ''}`);
}
