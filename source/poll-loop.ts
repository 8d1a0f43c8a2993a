import type {ProviderSink} from './store.js';

export interface PollLoopOptions {
	provider: string;
	/** A function where the backend says how often it has something new (a Prometheus server's scrape interval). */
	intervalMs: number | (() => number);
	sink: Pick<ProviderSink, 'setStatus'>;
	signal: AbortSignal;
	collect: () => Promise<void>;
	/** Turns a failure into the one line the header shows. */
	describeError?: (error: unknown) => string;
	baseBackoffMs?: number;
	maxBackoffMs?: number;
}

/**
 * Runs a provider's collection every interval until aborted. A failure marks the provider degraded (or
 * unavailable if it never worked), with the reason, and retries with capped exponential backoff, so one broken
 * backend never stops the dashboard. `wake()` runs the next collection now.
 */
export class PollLoop {
	private wakeUp: (() => void) | undefined;
	private woken = false;

	constructor(private readonly options: PollLoopOptions) {}

	wake(): void {
		this.woken = true;
		this.wakeUp?.();
	}

	async run(): Promise<void> {
		const {provider, sink, signal} = this.options;
		const base = this.options.baseBackoffMs ?? 1000;
		const max = this.options.maxBackoffMs ?? 30_000;
		let failures = 0;
		let everWorked = false;
		sink.setStatus({provider, health: 'connecting', updatedAt: Date.now()});
		while (!signal.aborted) {
			this.woken = false;
			const {intervalMs} = this.options;
			let delay = typeof intervalMs === 'number' ? intervalMs : intervalMs();
			try {
				await this.options.collect();
				if (signal.aborted) return;
				failures = 0;
				everWorked = true;
				sink.setStatus({provider, health: 'ok', updatedAt: Date.now()});
			} catch (error) {
				if (signal.aborted) return;
				failures++;
				delay = Math.min(max, base * 2 ** (failures - 1));
				sink.setStatus({
					provider,
					health: everWorked ? 'degraded' : 'unavailable',
					reason: this.options.describeError?.(error) ?? (error as Error).message,
					retryAt: Date.now() + delay,
					updatedAt: Date.now(),
				});
			}
			if (!this.woken) await this.sleep(delay);
		}
	}

	private sleep(ms: number): Promise<void> {
		const {signal} = this.options;
		return new Promise(resolve => {
			const done = () => {
				clearTimeout(timer);
				signal.removeEventListener('abort', done);
				this.wakeUp = undefined;
				resolve();
			};
			const timer = setTimeout(done, ms);
			signal.addEventListener('abort', done, {once: true});
			this.wakeUp = done;
		});
	}
}
