import {AppendLog} from '../append-log.js';
import {ChangeSignal} from '../change-signal.js';
import {isTimelineEvent, type TimelineEvent} from './events.js';
import type {TimelineSettings} from './config.js';

// What one process keeps in memory for the pane; the file holds the rest.
const KEPT_IN_MEMORY = 50_000;

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
		const oldest = (options.now ?? Date.now()) - settings.maxAgeMs;
		const {log, entries, warnings} = await AppendLog.open(file, {
			limit: Number.MAX_SAFE_INTEGER,
			maxBytes: settings.maxBytes,
			isEntry: isTimelineEvent,
			expired: event => event.t < oldest,
		});
		return {timeline: new Timeline(log, entries.slice(-KEPT_IN_MEMORY), options.onError ?? (() => {})), warning: warnings.length > 0 ? warnings.join('; ') : undefined};
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
