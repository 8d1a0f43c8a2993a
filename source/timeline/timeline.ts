import {AppendLog, entryReader, type AppendLogOptions} from '../append-log.js';
import {ChangeSignal} from '../change-signal.js';
import {decodeEvent, encodeEvent} from './encoding.js';
import {amendKey, isTimelineEvent, type TimelineEvent} from './events.js';
import type {TimelineSettings} from './config.js';
import {BackwardReader} from './read-backwards.js';

// What one process keeps in memory for the pane; the file holds the rest.
const KEPT_IN_MEMORY = 50_000;
/** Events read from the file at a time, newest first: a screen's worth many times over. */
export const PAGE = 2000;
/**
 * Writers append in their own order: a batch held while the file opened, or another process's, may land a
 * little after newer events. Reading backwards stops only this far past the oldest event wanted.
 */
const DISORDER_MS = 10 * 60_000;

/** Bounded by size alone (no count), and by age. */
function logOptions(settings: TimelineSettings, now: number): AppendLogOptions<TimelineEvent> {
	return {limit: Number.MAX_SAFE_INTEGER, maxBytes: settings.maxBytes, isEntry: isTimelineEvent, encode: encodeEvent, decode: decodeEvent, expired: event => event.t < now - settings.maxAgeMs};
}

interface TimelineOptions {
	now?: number;
	/** A write that failed: the caller is a store listener that cannot wait for one. */
	onError?: (error: Error) => void;
}

/**
 * Reads the file backwards from its end, newest first, until `stop` says an event is past what is wanted (one
 * the backend timed, or an amending line, written late by design, never stops it). An amending line is met
 * before the line it amends, and is handed out in that line's place. A damaged line is repaired once (set aside
 * and named, its good entries kept) and the reading starts again.
 */
class PagedReader {
	private reader: BackwardReader<TimelineEvent> | undefined;
	private repaired = false;
	/** Entries read so far, and how many to pass over after a repair started the reading again. */
	private read = 0;
	private skip = 0;
	/** Amending lines met, by the line they stand in for, until it is met. */
	private readonly amendments = new Map<string, TimelineEvent>();
	warnings: string[] = [];
	done = false;

	constructor(
		private readonly file: string,
		private readonly options: AppendLogOptions<TimelineEvent>,
		/** Events at or after this are skipped: what memory already holds after a trim. */
		private readonly before = Number.POSITIVE_INFINITY,
	) {}

	/** The next events older than the last page, newest first, at least `count` unless the end came first. */
	async page(count: number, oldest: number): Promise<TimelineEvent[]> {
		const events: TimelineEvent[] = [];
		const readBefore = this.read;
		while (events.length < count && !this.done) {
			this.reader ??= await BackwardReader.open(this.file, entryReader(this.options));
			const past = (event: TimelineEvent) => !event.timed && !event.amends && event.t < oldest - DISORDER_MS;
			const page = await this.reader.page(count - events.length, past);
			if (this.reader.bad > 0 && !this.repaired) {
				this.repaired = true;
				await this.reader.close();
				this.reader = undefined;
				this.warnings = await AppendLog.repair(this.file, this.options);
				// The repaired file holds the same good entries in the same order: those handed out before are skipped.
				this.skip = readBefore;
				this.read = readBefore;
				events.length = 0;
				continue;
			}
			for (const event of page) {
				if (this.skip > 0) {
					this.skip--;
					continue;
				}
				this.read++;
				if (past(event)) this.done = true;
				const shown = this.amended(event);
				if (shown && shown.t >= oldest && shown.t < this.before && !this.options.expired?.(shown)) events.push(shown);
			}
			if (page.length === 0 || this.reader.done) this.done = true;
		}
		if (this.done) await this.close();
		return events;
	}

	async close(): Promise<void> {
		this.done = true;
		await this.reader?.close();
	}

	/** What to hand out for a line read: nothing for an amending line, yet; its amendment for the line it amends. */
	private amended(event: TimelineEvent): TimelineEvent | undefined {
		const key = amendKey(event);
		if (event.amends) {
			// The newest amendment is met first and wins.
			if (!this.amendments.has(key)) this.amendments.set(key, event);
			return undefined;
		}
		const amendment = this.amendments.get(key);
		if (!amendment) return event;
		this.amendments.delete(key);
		const {amends: _, ...shown} = amendment;
		return shown;
	}
}

async function readBack(file: string, options: AppendLogOptions<TimelineEvent>, since: number): Promise<{events: TimelineEvent[]; warning?: string}> {
	const reader = new PagedReader(file, options);
	const events: TimelineEvent[] = [];
	while (!reader.done) events.push(...(await reader.page(PAGE * 10, since)));
	// Processes append in their own order: a batch written a moment late still sorts by when it happened.
	events.reverse().sort((a, b) => a.t - b.t);
	return {events, warning: reader.warnings.length > 0 ? reader.warnings.join('; ') : undefined};
}

/**
 * The timeline file: an append-only log (source/append-log.ts) every opsdeck process on the machine writes to,
 * bounded by size (rotation) and by age (expiry at open, and a filter on what is read). Opening reads only
 * its newest page; older pages are read as they are asked for.
 */
export class Timeline {
	private readonly signal = new ChangeSignal();
	getVersion = this.signal.getVersion;
	subscribe = this.signal.subscribe;
	private log: AppendLog<TimelineEvent> | undefined;
	private pending: TimelineEvent[] = [];
	private kept: TimelineEvent[] = [];
	private reader: PagedReader | undefined;
	private loading: Promise<void> | undefined;
	/** Why the file could not be opened, once that is known. */
	problem: Error | undefined;
	private opening: Promise<unknown> = Promise.resolve();

	private constructor(
		private readonly file: string,
		private readonly options: AppendLogOptions<TimelineEvent>,
		private readonly onError: (error: Error) => void,
	) {}

	/** Opens the file, then resolves; `warning` names a damaged file, set aside, in one line. */
	static async open(file: string, settings: TimelineSettings, options: TimelineOptions = {}): Promise<{timeline: Timeline; warning?: string}> {
		const {timeline, opened} = Timeline.start(file, settings, options);
		const warning = await opened;
		if (timeline.problem) throw timeline.problem;
		return {timeline, warning};
	}

	/**
	 * A timeline at once, its newest page read in the background. What is appended meanwhile is kept, and
	 * written once the file is open. `opened` resolves with the warning, if any; a file that cannot be opened
	 * leaves `problem` set and resolves.
	 */
	static start(file: string, settings: TimelineSettings, options: TimelineOptions = {}): {timeline: Timeline; opened: Promise<string | undefined>} {
		const timeline = new Timeline(file, logOptions(settings, options.now ?? Date.now()), options.onError ?? (() => {}));
		const opened = timeline.openFile().then(
			warnings => (warnings.length > 0 ? warnings.join('; ') : undefined),
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

	/**
	 * For `opsdeck timeline`: every event kept since `since`, oldest first, from every process. The file is read
	 * backwards and no further than the first event well before `since`.
	 */
	static async read(file: string, settings: TimelineSettings, since: number, now = Date.now()): Promise<{events: TimelineEvent[]; warning?: string}> {
		const options = logOptions(settings, now);
		await AppendLog.openForAppend(file, options);
		return readBack(file, options, since);
	}

	/** Every event since `since` in the file, oldest first, once this process's appends are written (rewind). */
	async readSince(since: number): Promise<TimelineEvent[]> {
		await this.settled();
		return (await readBack(this.file, this.options, since)).events;
	}

	/** Oldest first: the pages read so far, and this process's appends since the file was opened. */
	events(): readonly TimelineEvent[] {
		return this.kept;
	}

	/** Whether older events than `events()` holds are left in the file. */
	get more(): boolean {
		return this.log !== undefined && this.reader !== undefined && !this.reader.done;
	}

	/**
	 * Reads the next page of older events into `events()` (at least `count`, unless the file ends first). One
	 * load at a time: a second call while one runs gets the same promise.
	 */
	loadOlder(count = PAGE): Promise<void> {
		if (!this.more) return Promise.resolve();
		const reader = this.reader!;
		this.loading ??= reader.page(count, 0).then(
			older => {
				this.loading = undefined;
				// Memory was trimmed meanwhile: these are older than a gap, and the next reader reads them again.
				if (older.length === 0 || reader !== this.reader) return this.signal.notify();
				this.kept = [...older.reverse(), ...this.kept];
				this.signal.notify();
			},
			(error: Error) => {
				this.loading = undefined;
				void this.reader?.close();
				this.onError(error);
			},
		);
		return this.loading;
	}

	/** One write for the batch. */
	append(events: readonly TimelineEvent[]): void {
		if (events.length === 0) return;
		for (const event of events) this.kept.push(event);
		if (this.kept.length > KEPT_IN_MEMORY * 1.5) this.trim();
		this.signal.notify();
		if (this.log) this.write(events);
		else if (!this.problem) this.pending.push(...events);
	}

	/**
	 * Puts `changes` into an event already appended (who made the change, found later): in memory at once, and in
	 * the file as a line that stands in for it, unless `persist` is false (a note for this process alone, such as
	 * a lookup still waiting). Returns the event as it now is, which the next amendment is given.
	 */
	amend(event: TimelineEvent, changes: Partial<TimelineEvent>, persist = true): TimelineEvent {
		const amended = {...event, ...changes};
		const at = this.kept.lastIndexOf(event);
		if (at >= 0) this.kept[at] = amended;
		this.signal.notify();
		if (!persist) return amended;
		const line: TimelineEvent = {...amended, amends: true};
		if (this.log) this.write([line]);
		else if (!this.problem) this.pending.push(line);
		return amended;
	}

	/** Resolves once the file is open and every append so far is written (or has failed and said so). */
	async settled(): Promise<void> {
		await this.opening;
		await this.log?.settled();
	}

	/** Waits for the writes and lets the file go. */
	async close(): Promise<void> {
		await this.settled();
		await this.loading;
		await this.reader?.close();
	}

	private async openFile(): Promise<string[]> {
		const log = await AppendLog.openForAppend(this.file, this.options);
		const reader = new PagedReader(this.file, this.options);
		const newest = await reader.page(PAGE, 0);
		this.log = log;
		this.reader = reader;
		this.kept = [...newest.reverse(), ...this.kept];
		this.write(this.pending);
		this.pending = [];
		this.signal.notify();
		return reader.warnings;
	}

	/** Keeps the newest; what goes is read again from the file, past what is kept, if it is asked for. */
	private trim(): void {
		this.kept = this.kept.slice(-KEPT_IN_MEMORY);
		if (!this.log) return;
		void this.reader?.close();
		this.reader = new PagedReader(this.file, this.options, this.kept[0]!.t);
	}

	private write(events: readonly TimelineEvent[]): void {
		if (events.length === 0) return;
		this.log!.appendMany(events).catch((error: Error) => this.onError(error));
	}
}
