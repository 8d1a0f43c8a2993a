import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {LogRing} from './logs.js';

/**
 * Writes every line a log view still holds to `DIR/logs/NAME-TIMESTAMP.log`, one line each, with its time
 * and stream, and returns the file's path. Never overwrites: the name carries the time to the millisecond.
 */
export async function saveLog(stateDir: string, name: string, ring: LogRing, now = new Date()): Promise<string> {
	const dir = path.join(stateDir, 'logs');
	await mkdir(dir, {recursive: true});
	const stamp = now.toISOString().replaceAll(':', '').replace('.', '-');
	const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}-${stamp}.log`);
	const lines: string[] = [];
	for (let i = 0; i < ring.size; i++) {
		const line = ring.at(i)!;
		lines.push(`${line.time === undefined ? '-' : new Date(line.time).toISOString()} ${line.stream} ${line.text}`);
	}
	// A log can hold what its program printed, secrets included: readable by its owner only, as snapshots are.
	await writeFile(file, lines.length > 0 ? `${lines.join('\n')}\n` : '', {flag: 'wx', mode: 0o600});
	return file;
}
