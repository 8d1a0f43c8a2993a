/** What a spike watch looks for, resolved from the `docker.errorSpikes` config. */
export interface SpikeOptions {
	/** Matched against each line, case-insensitive. */
	pattern: RegExp;
	/** How many times its own baseline the rate must be. */
	factor: number;
	/** Matching lines a second below which no rate is a spike, however quiet the baseline. */
	minRate: number;
	/** How long the rate must stay high before the alert fires. */
	forMs: number;
}

export interface Spike {
	/** When the first matching line of the spike was written: where its log is opened. */
	from: number;
	/** Matching lines a second, over the last window. */
	rate: number;
	baseline: number;
}

/** Seconds the rate is averaged over: one busy second is not a spike. */
const WINDOW_SECONDS = 5;
/** Seconds a newly watched container's rate only teaches the baseline, so one always this noisy is not a spike. */
export const LEARN_SECONDS = 10;
/** How slowly the baseline follows the rate: about a minute and a half of quiet to forget a busy spell. */
const BASELINE_WEIGHT = 1 / 90;

/**
 * One container's rate of error lines against its own recent baseline. Lines are counted as they come; `tick`,
 * once a second, closes the second, and says whether a spike has held for the duration. The baseline stops
 * learning while the rate is high, so a long spike does not become the normal it is measured against.
 */
export class SpikeDetector {
	private current = 0;
	/** When the current second's first matching line was written. */
	private currentFirst: number | undefined;
	private readonly window: Array<{count: number; first: number | undefined}> = [];
	private baseline = 0;
	private seconds = 0;
	private highSince: number | undefined;

	constructor(private readonly options: SpikeOptions) {}

	/** Counts the matching lines of one batch; `time` is each line's own, or when it came. */
	count(lines: ReadonlyArray<{text: string; time?: number}>, now: number): void {
		const {pattern} = this.options;
		for (const line of lines) {
			if (!pattern.test(line.text)) continue;
			this.current++;
			this.currentFirst ??= line.time ?? now;
		}
	}

	/** Closes a second; the spike while the rate has been above the baseline for the duration, else undefined. */
	tick(now: number): Spike | undefined {
		this.window.push({count: this.current, first: this.currentFirst});
		this.current = 0;
		this.currentFirst = undefined;
		if (this.window.length > WINDOW_SECONDS) this.window.shift();
		this.seconds++;
		const rate = this.window.reduce((sum, second) => sum + second.count, 0) / this.window.length;
		const high = this.seconds > LEARN_SECONDS && rate >= this.options.minRate && rate > this.baseline * this.options.factor;
		if (!high) {
			this.highSince = undefined;
			// The first seconds learn fast, so the baseline starts at the container's own normal.
			this.baseline += (rate - this.baseline) * Math.max(BASELINE_WEIGHT, 1 / this.seconds);
			return undefined;
		}
		this.highSince ??= this.window.find(second => second.first !== undefined)?.first ?? now;
		return now - this.highSince >= this.options.forMs ? {from: this.highSince, rate, baseline: this.baseline} : undefined;
	}
}

export function spikeMessage(spike: Spike): string {
	return `error lines spiking: ${spike.rate.toFixed(1)}/s against a baseline of ${spike.baseline.toFixed(1)}/s`;
}
