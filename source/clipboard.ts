/**
 * The most text one copy carries. Terminals and tmux drop an OSC 52 sequence past a limit of their own (about
 * 100 kB of base64 is widely accepted), so a longer copy keeps its newest lines and says so.
 */
export const COPY_LIMIT_BYTES = 74_000;

/**
 * The OSC 52 sequence that puts `text` on the clipboard of the terminal the user sits at, however many SSH hops
 * away: the terminal, not this host, does the copying. Inside tmux it goes in tmux's passthrough (each ESC
 * doubled), which hands it on to the outer terminal.
 */
export function osc52(text: string, env: NodeJS.ProcessEnv = process.env): string {
	const sequence = `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
	return env.TMUX ? `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\` : sequence;
}

/** The newest of `lines` that fit in one copy, joined, and how many were left out. */
export function fitCopy(lines: readonly string[], limit = COPY_LIMIT_BYTES): {text: string; dropped: number} {
	let bytes = 0;
	let first = lines.length;
	while (first > 0) {
		const size = Buffer.byteLength(lines[first - 1]!, 'utf8') + 1;
		if (bytes + size > limit) break;
		bytes += size;
		first--;
	}
	return {text: lines.slice(first).join('\n'), dropped: first};
}
