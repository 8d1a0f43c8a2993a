import {AppendLog, type AppendLogOptions} from '../append-log.js';
import {ChangeSignal} from '../change-signal.js';
import {isTimelineEvent, type TimelineEvent} from './events.js';
import type {TimelineSettings} from './config.js';

// What one process keeps in memory for the pane; the file holds the rest.
const KEPT_IN_MEMORY = 50_000;

/** Bounded by size alone (no count), and by age. */
function logOptions(settings: TimelineSettings, now: number): AppendLogOptions<TimelineEvent> {
	return {limit: Number.MAX_SAFE_INTEGER, maxBytes: settings.maxBytes, isEntry: isTimelineEvent, expired: event => event.t < now - settings.maxAgeMs};
}

interface TimelineOptions {
	now?: number;
	/** A write that failed: the caller is a store listener that cannot wait for one. */
	onError?: (error: Error) => void;
}

/**
 * The timeline file: an append-only log (source/append-log.ts) every opsdeck process on the machine writes to,
 * bounded by size (rotation) and by age (expiry at open, and a filter on what is read).
 */
export class Timeline {
	private readonly signal = new ChangeSignal();
	getVersion = this.signal.getVersion;
	subscribe = this.signal.subscribe;
	private log: AppendLog<TimelineEvent> | undefined;
	private pending: TimelineEvent[] = [];
	private kept: TimelineEvent[] = [];
	/** Why the file could not be opened, once that is known. */
	problem: Error | undefined;
	private opening: Promise<unknown> = Promise.resolve();

	private constructor(private readonly onError: (error: Error) => void) {}

	/** Opens the file, then resolves; `warning` names a damaged file, set aside, in one line. */
	static async open(file: string, settings: TimelineSettings, options: TimelineOptions = {}): Promise<{timeline: Timeline; warning?: string}> {
		const {timeline, opened} = Timeline.start(file, settings, options);
		const warning = await opened;
		if (timeline.problem) throw timeline.problem;
		return {timeline, warning};
	}

	/**
	 * A timeline at once, its file read in the background: a large file must not hold back the first frame.
	 * What is appended meanwhile is kept, and written once the file is open. `opened` resolves with the warning,
	 * if any; a file that cannot be opened leaves `problem` set and resolves.
	 */
	static start(file: string, settings: TimelineSettings, options: TimelineOptions = {}): {timeline: Timeline; opened: Promise<string | undefined>} {
		const timeline = new Timeline(options.onError ?? (() => {}));
		const opened = AppendLog.open(file, logOptions(settings, options.now ?? Date.now())).then(
			({log, entries, warnings}) => {
				timeline.loaded(log, entries);
				return warnings.length > 0 ? warnings.join('; ') : undefined;
			},
			(error: Error) => {
				timeline.problem = error;
				timeline.pending = [];
				timeline.signal.notify();
				return undefined;
			},
		);
		timeline.opening = opened;
		return {timeline, opened};
	}

	/** For `opsdeck timeline`: every event kept since `since`, oldest first, from every process. */
	static async read(file: string, settings: TimelineSettings, since: number, now = Date.now()): Promise<{events: TimelineEvent[]; warning?: string}> {
		const oldest = Math.max(since, now - settings.maxAgeMs);
		const {entries, warnings} = await AppendLog.open(file, logOptions(settings, now));
		// Processes append in their own order: a batch written a moment late still sorts by when it happened.
		const events = entries.filter(event => event.t >= oldest).sort((a, b) => a.t - b.t);
		return {events, warning: warnings.length > 0 ? warnings.join('; ') : undefined};
	}

	/** Oldest first: the file as it was opened, and this process's appends since. */
	events(): readonly TimelineEvent[] {
		return this.kept;
	}

	/** One write for the batch. */
	append(events: readonly TimelineEvent[]): void {
		if (events.length === 0) return;
		for (const event of events) this.kept.push(event);
		if (this.kept.length > KEPT_IN_MEMORY * 1.5) this.kept = this.kept.slice(-KEPT_IN_MEMORY);
		this.signal.notify();
		if (this.log) this.write(events);
		else if (!this.problem) this.pending.push(...events);
	}

	/** Resolves once the file is open and every append so far is written (or has failed and said so). */
	async settled(): Promise<void> {
		await this.opening;
		await this.log?.settled();
	}

	private loaded(log: AppendLog<TimelineEvent>, entries: TimelineEvent[]): void {
		this.log = log;
		this.kept = [...entries.slice(-KEPT_IN_MEMORY), ...this.kept];
		this.write(this.pending);
		this.pending = [];
		this.signal.notify();
	}

	private write(events: readonly TimelineEvent[]): void {
		this.log!.appendMany(events).catch((error: Error) => this.onError(error));
	}
}
