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

/**
 * The timeline file: an append-only log (source/append-log.ts) every opsdeck process on the machine writes to,
 * bounded by size (rotation) and by age (expiry at open, and a filter on what is read).
 */
export class Timeline {
	private readonly signal = new ChangeSignal();
	getVersion = this.signal.getVersion;
	subscribe = this.signal.subscribe;

	private constructor(
		private readonly log: AppendLog<TimelineEvent>,
		private kept: TimelineEvent[],
		private readonly onError: (error: Error) => void,
	) {}

	/** `warning` names a damaged file, set aside, in one line. */
	static async open(file: string, settings: TimelineSettings, options: {now?: number; onError?: (error: Error) => void} = {}): Promise<{timeline: Timeline; warning?: string}> {
		const {log, entries, warnings} = await AppendLog.open(file, logOptions(settings, options.now ?? Date.now()));
		return {timeline: new Timeline(log, entries.slice(-KEPT_IN_MEMORY), options.onError ?? (() => {})), warning: warnings.length > 0 ? warnings.join('; ') : undefined};
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

	/** One write for the batch; a failure goes to `onError`, since the caller is a store listener that cannot wait. */
	append(events: readonly TimelineEvent[]): void {
		if (events.length === 0) return;
		for (const event of events) this.kept.push(event);
		if (this.kept.length > KEPT_IN_MEMORY * 1.5) this.kept = this.kept.slice(-KEPT_IN_MEMORY);
		this.signal.notify();
		this.log.appendMany(events).catch((error: Error) => this.onError(error));
	}

	settled(): Promise<void> {
		return this.log.settled();
	}
}
