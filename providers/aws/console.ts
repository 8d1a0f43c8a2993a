import {GetConsoleOutputCommand, type EC2Client} from '@aws-sdk/client-ec2';
import type {LogLine, LogOptions} from '../../source/provider.js';

export const CONSOLE_POLL_MS = 5000;

async function readConsole(client: EC2Client, instanceId: string, signal: AbortSignal): Promise<string[]> {
	const {Output} = await client.send(new GetConsoleOutputCommand({InstanceId: instanceId, Latest: true}), {abortSignal: signal});
	if (!Output) return [];
	const text = Buffer.from(Output, 'base64').toString('utf8').replaceAll('\r\n', '\n');
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/**
 * The lines of `next` that `previous` had not shown. EC2 keeps only the newest 64 KB of console output, so
 * older lines fall off the front: find where the old tail lines up with the start of the new output.
 */
export function newLines(previous: readonly string[], next: readonly string[]): string[] {
	for (let drop = 0; drop <= previous.length; drop++) {
		const kept = previous.length - drop;
		if (kept > next.length) continue;
		let same = true;
		for (let i = 0; i < kept && same; i++) same = previous[drop + i] === next[i];
		if (same) return next.slice(kept);
	}
	return [...next];
}

/**
 * An instance's serial console (GetConsoleOutput), then, when following, every few seconds only what is new.
 * Console lines carry no times, so `since` cannot apply; `tail` does.
 */
export async function* consoleLog(
	client: EC2Client,
	instanceId: string,
	options: LogOptions,
	signal: AbortSignal,
	pollMs = CONSOLE_POLL_MS,
): AsyncGenerator<readonly LogLine[]> {
	const toLines = (texts: readonly string[]): LogLine[] => texts.map(text => ({stream: 'console', text}));
	let seen = await readConsole(client, instanceId, signal);
	const first = options.tail === undefined ? seen : seen.slice(Math.max(0, seen.length - options.tail));
	if (first.length > 0) yield toLines(first);
	while (options.follow && !signal.aborted) {
		await new Promise<void>(resolve => {
			const timer = setTimeout(done, pollMs);
			function done() {
				clearTimeout(timer);
				signal.removeEventListener('abort', done);
				resolve();
			}
			signal.addEventListener('abort', done, {once: true});
		});
		if (signal.aborted) return;
		const next = await readConsole(client, instanceId, signal);
		const added = newLines(seen, next);
		seen = next;
		if (added.length > 0) yield toLines(added);
	}
}
