import {ChangeSignal} from './change-signal.js';
import {mergeLogs} from './log-merge.js';
import type {Resource} from './model.js';
import type {LogLine, LogOptions, Provider} from './provider.js';
import {v8Mode} from './v8-mode.js';

/** The last `capacity` lines, in order; older lines fall off, so memory stays bounded however fast a log runs. */
export class LogRing {
	private readonly lines: LogLine[] = [];
	private head = 0;
	/** Every line ever pushed, so a view can tell how many fell off. */
	total = 0;

	constructor(readonly capacity: number) {}

	get size(): number {
		return this.lines.length;
	}

	push(batch: readonly LogLine[]): void {
		for (const line of batch) {
			if (this.lines.length < this.capacity) this.lines.push(line);
			else {
				this.lines[this.head] = line;
				this.head = (this.head + 1) % this.capacity;
			}
		}
		this.total += batch.length;
	}

	/** Line `index` counted from the oldest kept. */
	at(index: number): LogLine | undefined {
		if (index < 0 || index >= this.lines.length) return undefined;
		return this.lines[(this.head + index) % this.lines.length];
	}

	clear(): void {
		this.lines.length = 0;
		this.head = 0;
		this.total = 0;
	}
}

export type LogState = 'connecting' | 'streaming' | 'ended' | 'failed';

/** The time ranges of k9s's 0-6 keys: the tail, 1m, 5m, 15m, 30m, 1h, everything. */
export const LOG_RANGES = [
	{label: 'tail', tail: 500},
	{label: '1m', sinceMs: 60_000},
	{label: '5m', sinceMs: 300_000},
	{label: '15m', sinceMs: 900_000},
	{label: '30m', sinceMs: 1_800_000},
	{label: '1h', sinceMs: 3_600_000},
	{label: 'all'},
] as const satisfies ReadonlyArray<{label: string; tail?: number; sinceMs?: number}>;

/** One log to read: a resource, and the provider whose `logs()` reads it. */
export interface LogTarget {
	provider: Provider;
	resource: Resource;
}

export interface LogSessionOptions {
	capacity: number;
	range?: number;
	/** Read from this time (epoch ms) rather than a range, until another range is chosen: where an alert's trouble began. */
	from?: number;
	/** The least time from a change to its publish, as for the store. */
	publishIntervalMs?: number;
	/** The least time between two publishes of arriving lines. */
	streamIntervalMs?: number;
}

/**
 * One resource's log, or several merged in time order, read from their providers into a ring outside React and
 * published to the view: a change 33 ms after it, but arriving lines at most 10 times a second, however many
 * arrive. A flood redraws the whole pane on every publish, and at 30 a second that drawing took most of what the
 * process got of a loaded machine, so a key waited behind it; no one reads a flood at more than 10 frames.
 */
export class LogSession {
	readonly ring: LogRing;
	/** The first of the resources read: the one a single log is of. */
	readonly resource: Resource;
	readonly resources: readonly Resource[];
	state: LogState = 'connecting';
	error: string | undefined;
	range: number;
	from: number | undefined;
	private controller = new AbortController();
	private readonly signal = new ChangeSignal();
	private timer: NodeJS.Timeout | undefined;
	private readonly publishIntervalMs: number;
	private readonly streamIntervalMs: number;
	private lastPublish = 0;

	constructor(
		private readonly targets: readonly LogTarget[],
		options: LogSessionOptions,
	) {
		if (targets.length === 0) throw new Error('a log session needs a resource');
		this.resource = targets[0]!.resource;
		this.resources = targets.map(target => target.resource);
		this.ring = new LogRing(options.capacity);
		this.range = options.range ?? 0;
		this.from = options.from;
		this.publishIntervalMs = options.publishIntervalMs ?? 33;
		this.streamIntervalMs = options.streamIntervalMs ?? 100;
	}

	/** Starts reading, or reads again from the start of another time range. */
	open(range?: number): void {
		v8Mode.leaveLean();
		this.controller.abort();
		this.controller = new AbortController();
		if (range !== undefined) {
			this.range = range;
			this.from = undefined;
		}
		this.ring.clear();
		this.state = 'connecting';
		this.error = undefined;
		this.changed();
		void this.read(this.controller.signal);
	}

	close(): void {
		this.controller.abort();
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	clear(): void {
		this.ring.clear();
		this.changed();
	}

	subscribe = this.signal.subscribe;
	getVersion = this.signal.getVersion;

	private async read(signal: AbortSignal): Promise<void> {
		const chosen = LOG_RANGES[this.range]!;
		const options: LogOptions =
			this.from === undefined
				? {follow: true, tail: 'tail' in chosen ? chosen.tail : undefined, since: 'sinceMs' in chosen ? Date.now() - chosen.sinceMs : undefined}
				: {follow: true, since: this.from};
		try {
			const source = this.source(options, signal);
			for await (const batch of source) {
				if (signal.aborted) return;
				if (this.state !== 'streaming') this.state = 'streaming';
				this.ring.push(batch);
				this.changed(this.streamIntervalMs);
			}
			if (signal.aborted) return;
			this.state = 'ended';
		} catch (error) {
			if (signal.aborted) return;
			this.state = 'failed';
			this.error = (error as Error).message;
		}
		this.changed();
	}

	private source(options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> {
		const logOf = ({provider, resource}: LogTarget, own: AbortSignal) => {
			const log = provider.logs?.(resource, options, own);
			if (!log) throw new Error(`${resource.provider} has no logs for a ${resource.type}`);
			return log;
		};
		if (this.targets.length === 1) return logOf(this.targets[0]!, signal);
		return mergeLogs(this.targets.map(target => ({name: target.resource.name, open: own => logOf(target, own)})), signal);
	}

	/** Publishes soon, and no sooner than `gap` after the last publish. */
	private changed(gap = 0): void {
		if (this.timer) return;
		const delay = Math.max(this.publishIntervalMs, this.lastPublish + gap - performance.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.lastPublish = performance.now();
			this.signal.notify();
		}, delay);
	}
}
