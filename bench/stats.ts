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

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
export const pct = (value: number) => `${value.toFixed(2)}%`;
export const times = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}×`;
export const median = (samples: readonly number[]) => summarise(samples).median;
export const mean = (samples: readonly number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;

/** Prints rows as a Markdown table, the first row its header; `right` lists the columns of figures. */
export function printTable(rows: readonly string[][], right: readonly number[]): void {
	console.log(`| ${rows[0]!.join(' | ')} |`);
	console.log(`| ${rows[0]!.map((_, c) => (right.includes(c) ? '---:' : '---')).join(' | ')} |`);
	for (const row of rows.slice(1)) console.log(`| ${row.join(' | ')} |`);
}
