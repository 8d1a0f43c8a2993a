import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {LogRing} from './logs.js';
import type {LogLine} from './provider.js';

export interface SaveOptions {
	/** Only the lines this passes (what the filter shows); every line kept when unset. */
	keep?: (line: LogLine) => boolean;
	now?: Date;
}

/**
 * Writes the lines a log view still holds (those `keep` passes) to `DIR/logs/NAME-TIMESTAMP.log`, one line
 * each, with its time and stream, and says where and how many. Never overwrites: the name carries the time to
 * the millisecond.
 */
export async function saveLog(stateDir: string, name: string, ring: LogRing, {keep, now = new Date()}: SaveOptions = {}): Promise<{file: string; lines: number}> {
	const dir = path.join(stateDir, 'logs');
	await mkdir(dir, {recursive: true});
	const stamp = now.toISOString().replaceAll(':', '').replace('.', '-');
	const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}-${stamp}.log`);
	const lines: string[] = [];
	for (let i = 0; i < ring.size; i++) {
		const line = ring.at(i)!;
		if (keep && !keep(line)) continue;
		lines.push(`${line.time === undefined ? '-' : new Date(line.time).toISOString()} ${line.stream} ${line.text}`);
	}
	// A log can hold what its program printed, secrets included: readable by its owner only, as snapshots are.
	await writeFile(file, lines.length > 0 ? `${lines.join('\n')}\n` : '', {flag: 'wx', mode: 0o600});
	return {file, lines: lines.length};
}
