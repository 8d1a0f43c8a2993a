import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Launches the built CLI in a real pseudo-terminal and times two moments: the first frame on screen (the
 * dashboard chrome) and the first frame that holds the host's processes.
 */
export async function launchTimes(cli: string): Promise<{firstFrame: number; firstData: number}> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-'));
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'c'), XDG_STATE_HOME: path.join(home, 's'), TERM: 'xterm-256color'};
	const start = performance.now();
	const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${process.execPath} ${cli}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'inherit']});
	let output = '';
	let firstFrame = 0;
	let firstData = 0;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no frame within 15 s')), 15_000);
		child.stdout.on('data', chunk => {
			output += chunk.toString();
			if (!firstFrame && output.includes('Inventory')) firstFrame = performance.now() - start;
			if (!firstData && /host \/ process/.test(output)) {
				firstData = performance.now() - start;
				clearTimeout(timer);
				child.stdin.write('q');
			}
		});
		child.on('exit', () => resolve());
	});
	return {firstFrame, firstData};
}
