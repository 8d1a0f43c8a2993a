const UNITS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000};

/**
 * A point in time from `6h`, `30m`, `2d`, `1w`, `90s` (that long ago) or a date and time `Date` reads
 * (`2026-01-05T02:00`); undefined when it is neither.
 */
export function parseSince(text: string, now = Date.now()): number | undefined {
	const relative = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
	if (relative) return now - Number(relative[1]) * UNITS[relative[2]!]!;
	if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
	const time = Date.parse(text.trim());
	return Number.isNaN(time) ? undefined : time;
}

export const SINCE_HELP = '6h, 30m, 2d, 1w or a date such as 2026-01-05T02:00';
