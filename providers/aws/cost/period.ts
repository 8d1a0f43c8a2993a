/** Cost Explorer's dates are UTC days, written YYYY-MM-DD, with the end exclusive. */
function day(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export interface CostPeriods {
	/** The first of last month. */
	lastMonthStart: string;
	/** The first of this month. */
	monthStart: string;
	/** Tomorrow, so today's spend so far is in. */
	end: string;
	/** The first of next month, where the forecast ends. */
	nextMonthStart: string;
	/** How much of this month has gone, 0 to 1, for a run rate. */
	elapsed: number;
}

export function costPeriods(now: number): CostPeriods {
	const at = new Date(now);
	const year = at.getUTCFullYear();
	const month = at.getUTCMonth();
	const monthStart = Date.UTC(year, month, 1);
	const nextMonthStart = Date.UTC(year, month + 1, 1);
	return {
		lastMonthStart: day(new Date(Date.UTC(year, month - 1, 1))),
		monthStart: day(new Date(monthStart)),
		end: day(new Date(Date.UTC(year, month, at.getUTCDate() + 1))),
		nextMonthStart: day(new Date(nextMonthStart)),
		elapsed: (now - monthStart) / (nextMonthStart - monthStart),
	};
}
