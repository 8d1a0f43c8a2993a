import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The last run's figures, beside the bench's sources: they describe this checkout on this machine, so they
 * are not the user's state (the dashboard's own state dir), and they are not committed (.gitignore).
 */
export const LAST_RUN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'last-run.json');

interface Saved {
	at: string;
	machine: string;
	figures: Record<string, number>;
}

function load(): Saved | undefined {
	if (!existsSync(LAST_RUN)) return undefined;
	try {
		return JSON.parse(readFileSync(LAST_RUN, 'utf8')) as Saved;
	} catch {
		// A damaged file only costs the comparison.
		return undefined;
	}
}

const machine = () => `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;

/** Figures of this run, each shown with the last run's value of the same key beside it. */
export class History {
	private readonly previous = load();
	private readonly current: Record<string, number> = {};

	/** When the figures being compared against were taken. */
	get since(): string | undefined {
		return this.previous ? `${this.previous.at} (${this.previous.machine})` : undefined;
	}

	/** `value` formatted, with "(was X, +N%)" when the last run had this figure. */
	show(key: string, value: number, unit: (value: number) => string): string {
		if (!Number.isFinite(value)) return 'n/a';
		this.current[key] = value;
		const was = this.previous?.figures[key];
		if (was === undefined || !Number.isFinite(was)) return unit(value);
		const percent = was === 0 ? undefined : Math.round(((value - was) / was) * 100);
		const change = percent === undefined ? (value === 0 ? '±0%' : value > 0 ? 'up from 0' : 'down from 0') : percent === 0 ? '±0%' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
		return `${unit(value)} (was ${unit(was)}, ${change})`;
	}

	/** Keeps the last run's figures for anything this run did not measure, so `bench:peers` alone loses nothing. */
	save(): void {
		const figures = {...this.previous?.figures, ...this.current};
		writeFileSync(LAST_RUN, `${JSON.stringify({at: new Date().toISOString(), machine: machine(), figures}, null, '\t')}\n`);
	}
}
