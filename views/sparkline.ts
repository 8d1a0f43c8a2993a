const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` samples as bars, scaled to `max` (100 for percentages). */
export function sparkline(samples: readonly number[], width: number, max = 100): string {
	return samples
		.slice(-width)
		.map(value => BARS[Math.max(0, Math.min(BARS.length - 1, Math.round((value / max) * (BARS.length - 1))))])
		.join('');
}
