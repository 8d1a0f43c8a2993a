import type {ApiMatcher} from './client.js';

const UNITS: Readonly<Record<string, number>> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** `90m`, `2h`, `1h30m`, `1d`: how Alertmanager's own tools write a silence's length. */
export function parseDuration(text: string): number | undefined {
	if (!/^(\d+[mhdw])+$/.test(text)) return undefined;
	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+)([mhdw])/g)) total += Number(amount) * UNITS[unit!]!;
	return total > 0 ? total : undefined;
}

/** What the user typed at the silence prompt: a duration, then the comment Alertmanager requires. */
export function parseSilenceInput(input: string): {durationMs: number; comment: string} {
	const [first = '', ...rest] = input.trim().split(/\s+/);
	const durationMs = parseDuration(first);
	if (durationMs === undefined) throw new Error(`"${first}" is not a duration: write it like 30m, 2h, 1h30m or 1d, then the comment`);
	const comment = rest.join(' ');
	if (comment === '') throw new Error('a silence needs a comment after its duration: say why, for whoever sees it next');
	return {durationMs, comment};
}

/** Matchers for exactly this alert: every label equal, as Alertmanager's UI silences one alert. */
export function matchersFor(labels: Readonly<Record<string, string>>): ApiMatcher[] {
	return Object.entries(labels).map(([name, value]) => ({name, value, isRegex: false, isEqual: true}));
}
