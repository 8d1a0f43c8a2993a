import {ChangeSignal} from '../change-signal.js';
import type {Infer} from '../json-schema.js';
import {channelHeaders, withoutUrlSecrets} from './channel-auth.js';
import {ALERT_DEFAULTS, type CHANNEL} from './config.js';
import {payload, summary, type ChannelType} from './payloads.js';
import {severityRank, type AlertEvent, type Severity} from './types.js';

/** A channel as written in config under alerts.notify. */
export type ChannelConfig = Infer<typeof CHANNEL>;

export interface NotifierOptions {
	fetch?: typeof fetch;
	/** Attempts after the first before a delivery counts as failed. */
	retries?: number;
	/** The first retry's delay; each next one doubles it. */
	backoffMs?: number;
	/** At most `count` deliveries per channel in any `perMs`; the rest wait their turn, in order. */
	rate?: {count: number; perMs: number};
	/** Deliveries waiting per channel before the oldest are dropped (and reported as dropped). */
	maxQueue?: number;
	/** Hears every delivery given up on, as one line. */
	onFailure?: (line: string) => void;
	signal?: AbortSignal;
	/** Where a channel's headers are read from when each delivery is sent. */
	env?: NodeJS.ProcessEnv;
}

interface Channel {
	config: ChannelConfig;
	name: string;
	queue: AlertEvent[];
	sent: number[];
	busy: boolean;
	/** An event out of the queue and on its way: a full queue never drops it, and it still counts as pending. */
	sending: boolean;
	/** Why the channel's latest delivery failed, or undefined once one went through. */
	lastProblem?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, {once: true});
	});

/**
 * Sends fired and resolved alerts to incoming webhooks. Each channel has its own queue, sent in order:
 * a failed delivery is retried with backoff, a busy channel waits for its rate limit rather than dropping
 * anything, and whatever is finally given up is reported through `onFailure`; `failures()` keeps each channel's
 * newest, so one channel's flood never hides another's.
 */
export class Notifier {
	private readonly channels: Channel[];
	private readonly failed = new Map<Channel, string>();
	private readonly signal = new ChangeSignal();
	private readonly fetch: typeof fetch | undefined;
	private readonly retries: number;
	private readonly backoffMs: number;
	private readonly rate: {count: number; perMs: number};
	private readonly maxQueue: number;

	constructor(
		configs: readonly ChannelConfig[],
		private readonly options: NotifierOptions = {},
	) {
		this.channels = configs.map(config => ({config, name: config.name ?? config.type, queue: [], sent: [], busy: false, sending: false}));
		// Read at the first send: touching the global makes Node load its HTTP client, tens of ms of every start.
		this.fetch = options.fetch;
		this.retries = options.retries ?? 4;
		this.backoffMs = options.backoffMs ?? 1000;
		this.rate = options.rate ?? {count: 20, perMs: 60_000};
		this.maxQueue = options.maxQueue ?? 500;
	}

	handle(events: readonly AlertEvent[]): void {
		for (const channel of this.channels) {
			const threshold = severityRank(channel.config.minSeverity ?? ALERT_DEFAULTS.minSeverity);
			for (const event of events) {
				if (event.type === 'acknowledged' || severityRank(event.alert.severity) > threshold) continue;
				channel.queue.push(event);
			}
			const over = channel.queue.length - this.maxQueue;
			if (over > 0) this.dropOldest(channel, over);
			void this.drain(channel);
		}
	}

	/** Each channel's newest delivery given up on, newest first. */
	failures(): readonly string[] {
		return [...this.failed.values()].reverse();
	}

	getVersion = this.signal.getVersion;

	/** Hears each delivery given up on, for views that show failures. */
	subscribe = this.signal.subscribe;

	/** Deliveries still waiting, over every channel. */
	pending(): number {
		return this.channels.reduce((sum, channel) => sum + channel.queue.length + (channel.sending ? 1 : 0), 0);
	}

	private async drain(channel: Channel): Promise<void> {
		if (channel.busy) return;
		channel.busy = true;
		try {
			while (channel.queue.length > 0 && !this.options.signal?.aborted) {
				const now = Date.now();
				channel.sent = channel.sent.filter(at => now - at < this.rate.perMs);
				if (channel.sent.length >= this.rate.count) {
					await sleep(channel.sent[0]! + this.rate.perMs - now, this.options.signal);
					continue;
				}
				const event = channel.queue.shift()!;
				channel.sent.push(now);
				channel.sending = true;
				const problem = await this.deliver(channel, event);
				channel.sending = false;
				channel.lastProblem = problem;
				if (problem) this.fail(channel, problem, event);
			}
		} finally {
			channel.busy = false;
		}
	}

	/** Sends one event, retrying; the reason it finally failed, or undefined once it is delivered. */
	private async deliver(channel: Channel, event: AlertEvent): Promise<string | undefined> {
		let problem = '';
		let attempts = 0;
		for (let attempt = 0; attempt <= this.retries; attempt++) {
			if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1), this.options.signal);
			if (this.options.signal?.aborted) return `not sent: opsdeck was stopping (${problem || 'first attempt pending'})`;
			attempts++;
			try {
				const response = await (this.fetch ?? fetch)(channel.config.url, {
					method: 'POST',
					headers: {...channelHeaders(channel.config, this.options.env ?? process.env), 'content-type': 'application/json'},
					body: JSON.stringify(payload(channel.config.type, event)),
					signal: AbortSignal.timeout(10_000),
				});
				if (response.ok) return undefined;
				problem = `HTTP ${response.status}`;
				// A 4xx other than 429 says the request itself is wrong: sending it again cannot help.
				if (response.status >= 400 && response.status < 500 && response.status !== 429) break;
			} catch (error) {
				problem = withoutUrlSecrets((error as Error).message, channel.config.url);
			}
		}
		return `${problem} after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
	}

	/**
	 * A full queue says only that alerts came faster than the channel may send them; the channel's own latest
	 * delivery says whether it is also failing, so the line never blames a healthy webhook.
	 */
	private dropOldest(channel: Channel, count: number): void {
		const dropped = channel.queue.splice(0, count);
		const why = channel.lastProblem ? `its last delivery failed: ${channel.lastProblem}` : `it sends at most ${this.rate.count} every ${this.rate.perMs / 1000} s`;
		this.report(channel, `queue full: ${count} alert${count === 1 ? '' : 's'} dropped for channel ${channel.name} (${this.maxQueue} were waiting; ${why}), the oldest: ${summary(dropped[0]!)}`);
	}

	private fail(channel: Channel, problem: string, event: AlertEvent): void {
		this.report(channel, `${channel.name} notification failed (${problem}): ${summary(event)}`);
	}

	private report(channel: Channel, line: string): void {
		// Re-inserted so the map's order stays oldest to newest.
		this.failed.delete(channel);
		this.failed.set(channel, line);
		this.options.onFailure?.(line);
		this.signal.notify();
	}
}
