import {Text} from 'ink';
import {useTheme} from '../theme-context.js';

const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` samples as bars, scaled to `max` (100 for percentages). */
export function sparkline(samples: readonly number[], width: number, max = 100): string {
	return samples
		.slice(-width)
		.map(value => BARS[Math.max(0, Math.min(BARS.length - 1, Math.round((value / max) * (BARS.length - 1))))])
		.join('');
}

export function Sparkline({label, samples, width}: {label: string; samples: readonly number[]; width: number}) {
	const theme = useTheme();
	const last = samples.at(-1);
	return (
		<Text wrap="truncate">
			<Text color={theme.muted}>{label.padEnd(8)}</Text>
			<Text color={theme.accent}>{sparkline(samples, width).padEnd(width)}</Text>
			<Text> {last === undefined ? '' : `${last.toFixed(1)}%`}</Text>
		</Text>
	);
}
