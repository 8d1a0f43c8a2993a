export interface Summary {
	median: number;
	p95: number;
}

export function summarise(samples: readonly number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
	return {median: at(0.5), p95: at(0.95)};
}

export function time(run: () => void, repeat: number): number[] {
	const samples: number[] = [];
	for (let i = 0; i < repeat; i++) {
		const start = performance.now();
		run();
		samples.push(performance.now() - start);
	}
	return samples;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
