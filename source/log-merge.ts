import type {LogLine} from './provider.js';

/** One log among those merged: what its lines are prefixed with, and how to read it until a signal aborts. */
export interface LogSource {
	name: string;
	open(signal: AbortSignal): AsyncIterable<readonly LogLine[]>;
}

interface MergeTiming {
	/** How long a line is held for lines of other logs written before it that arrive a little later. */
	settleMs: number;
	/** How long the first batch waits for every log's backlog, so the backlog comes out in one time order. */
	firstMs: number;
}

// A followed container's lines reach opsdeck in bursts, on a busy host some hundreds of milliseconds after they
// were written (seen at about 300 ms with two containers on a loaded engine): a shorter hold put them out of order.
const TIMING: MergeTiming = {settleMs: 500, firstMs: 800};

interface Held {
	line: LogLine;
	/** When it arrived: its place in time where the backend gave none. */
	at: number;
}

/**
 * Several logs as one, each line prefixed with its log's name (`web │ …`, the names padded so the bars line
 * up; `source` names it too, so a view can colour the prefix) and put in time order as lines arrive. Lines
 * are held briefly so that lines of two logs arriving close together come out by the time they were written;
 * lines further apart come out in the order they arrived. One log that fails shows its error as a line and
 * the others go on; the merge fails only if all failed before any line came. It ends when every log has ended.
 */
export async function* mergeLogs(sources: readonly LogSource[], signal: AbortSignal, timing: MergeTiming = TIMING): AsyncIterable<readonly LogLine[]> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	if (signal.aborted) abort();
	else signal.addEventListener('abort', abort, {once: true});
	const width = Math.max(0, ...sources.map(source => source.name.length));
	let held: Held[] = [];
	let heard = 0;
	let open = sources.length;
	let lines = 0;
	const failures: Error[] = [];
	let wake: (() => void) | undefined;
	const poke = () => {
		wake?.();
		wake = undefined;
	};
	const reading = sources.map(async source => {
		const prefix = `${source.name.padEnd(width)} │ `;
		let silent = true;
		const hearFrom = () => {
			if (silent) heard++;
			silent = false;
		};
		try {
			for await (const batch of source.open(controller.signal)) {
				const at = Date.now();
				for (const line of batch) held.push({line: {...line, text: prefix + line.text, source: source.name}, at});
				lines += batch.length;
				hearFrom();
				poke();
			}
		} catch (error) {
			failures.push(error as Error);
			const at = Date.now();
			held.push({line: {stream: 'stderr', time: at, text: prefix + (error as Error).message, source: source.name}, at});
		} finally {
			hearFrom();
			open--;
			poke();
		}
	});
	const started = Date.now();
	try {
		while (open > 0 || held.length > 0) {
			const due = held.length === 0 ? Infinity : Math.max(heard < sources.length ? started + timing.firstMs : 0, held[0]!.at + timing.settleMs);
			const wait = due - Date.now();
			if (open > 0 && wait > 0) {
				let timer: NodeJS.Timeout | undefined;
				await new Promise<void>(resolve => {
					wake = resolve;
					if (wait !== Infinity) timer = setTimeout(resolve, wait);
				});
				clearTimeout(timer);
				continue;
			}
			if (open === 0 && lines === 0 && failures.length === sources.length) throw failures[0]!;
			const batch = held;
			held = [];
			// A stable sort: lines written in the same millisecond keep the order their log gave them.
			batch.sort((a, b) => (a.line.time ?? a.at) - (b.line.time ?? b.at));
			yield batch.map(({line}) => line);
		}
	} finally {
		controller.abort();
		signal.removeEventListener('abort', abort);
		await Promise.allSettled(reading);
	}
}
