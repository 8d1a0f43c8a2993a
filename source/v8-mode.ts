import type {Store} from './store.js';

/**
 * A store this large leaves the lean mode: at 100k, memory saver's frequent full collections held a filter
 * keystroke up to 52 ms and a sort key to 58 ms, and Maglev's code alone took the typo fallback's p95 to 28 ms.
 * Below it sit a host and an engine's containers. It is low so that little of a large first read arrives lean
 * (at 100k, inventory on screen took a median 1,383 ms with a limit of 2,000, 1,453 with 5,000 and 1,296 with
 * no lean mode), and so that 1,000 Prometheus hosts, whose refresh is work, run on V8's defaults.
 */
export const LEAN_LIMIT = 1000;

/** V8 13 (Node 24) is where both flags were measured; an older V8 that lacks one prints an error on the terminal. */
export const KNOWS_THE_FLAGS = Number(process.versions.v8.split('.')[0]) >= 13;

export type SetFlags = (flags: string) => void;

// node:v8 is loaded only by a dashboard, the one command that sets flags.
export const setV8Flags: SetFlags = flags => process.getBuiltinModule('node:v8').setFlagsFromString(flags);

/**
 * How V8 runs a dashboard, switched at run time because only then is its size known. A host screen or a Docker
 * engine's containers run lean: memory saver mode, which collects the old generation before it grows far (on
 * the host screen it stayed at 10-11 MB between collections, where it climbed to 16-17), and TurboFan held
 * back, since its compiles alone page in about 2.5 MB of the node binary and grow the compiler thread's arena.
 * Maglev still compiles what is hot. A large inventory or a followed log is work TurboFan is for, so the first
 * of them turns both back to V8's defaults, for the rest of the run.
 */
export class V8Mode {
	private state: 'default' | 'lean' | 'left' = 'default';
	private saving = false;
	private readonly setFlags: SetFlags;
	private readonly knowsTheFlags: boolean;

	constructor(setFlags: SetFlags = setV8Flags, knowsTheFlags = KNOWS_THE_FLAGS) {
		this.setFlags = setFlags;
		this.knowsTheFlags = knowsTheFlags;
	}

	get lean(): boolean {
		return this.state === 'lean';
	}

	/** TurboFan is held back from the start; memory saver mode waits for the first reading (see `watch`). */
	startLean(): void {
		if (this.state !== 'default' || !this.knowsTheFlags) return;
		this.setFlags('--turbo-filter=~');
		this.state = 'lean';
	}

	leaveLean(): void {
		if (this.state !== 'lean') return;
		if (this.saving) this.setFlags('--no-memory-saver-mode');
		this.setFlags('--turbo-filter=*');
		this.saving = false;
		this.state = 'left';
	}

	/**
	 * Turns memory saver mode on at the first publish that holds a reading: until then the heap grows with what
	 * stays (code, modules, the first frame), and collecting it on the way up cost the host's first data about
	 * 70 ms. Leaves the lean mode at the write that brings the store to LEAN_LIMIT resources, not at the publish
	 * after it, or the rest of a large first read would arrive lean. Returns the unsubscribe.
	 */
	watch(store: Pick<Store, 'subscribe' | 'watchWrites' | 'size'>): () => void {
		if (!this.lean) return () => {};
		const unsubscribe = store.subscribe(() => {
			if (store.size === 0) return;
			unsubscribe();
			if (!this.lean) return;
			this.setFlags('--memory-saver-mode');
			this.saving = true;
		});
		const unwatch = store.watchWrites(() => {
			if (this.lean && store.size < LEAN_LIMIT) return;
			unwatch();
			this.leaveLean();
		});
		return () => {
			unsubscribe();
			unwatch();
		};
	}
}

/** The process's one V8: the dashboard starts it lean, and a log session, wherever it opens, lets it go. */
export const v8Mode = new V8Mode();
