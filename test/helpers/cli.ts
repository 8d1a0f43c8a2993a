import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import {until} from './until.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A fresh XDG config and state home, so tests never read or write the user's own. */
export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const home = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-test-'));
	const env: NodeJS.ProcessEnv = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state')};
	for (const name of ['OPSDECK_CONFIG', 'OPSDECK_READ_ONLY', 'OPSDECK_THEME', 'NO_COLOR', 'FORCE_COLOR']) delete env[name];
	// The developer's own AWS setup would otherwise decide whether the aws provider is on.
	for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
	return {...env, ...extra};
}

/** Runs the built CLI to its end; one that outlives `timeoutMs` is killed and its code is null. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv(), timeoutMs = 15_000) {
	const result = spawnSync(process.execPath, [CLI, ...args], {env, encoding: 'utf8', timeout: timeoutMs});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** As runCli, without blocking this process: for a CLI that talks to a server the test itself runs. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = isolatedEnv()): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [CLI, ...args], {env});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('exit', code => resolve({code, stdout, stderr}));
	});
}

export interface TerminalRun {
	output(): string;
	pid(): number | undefined;
	/** Passes once the output so far holds `pattern`; fails with the end of the output. */
	expectOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
	write(text: string): void;
	exit: Promise<number | null>;
}

/** Runs the built CLI in a real pseudo-terminal (util-linux script) at a fixed size, as a user's shell would. */
export function runInTerminal(args: string[], env: NodeJS.ProcessEnv, size = {columns: 100, rows: 30}): TerminalRun {
	const command = `stty cols ${size.columns} rows ${size.rows}; exec ${process.execPath} ${CLI} ${args.join(' ')}`;
	const child = spawn('script', ['-qfec', command, '/dev/null'], {env: {...env, TERM: 'xterm-256color'}, stdio: ['pipe', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', chunk => (output += chunk.toString()));
	child.stderr.on('data', chunk => (output += chunk.toString()));
	const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	const expectOutput: TerminalRun['expectOutput'] = async (pattern, timeoutMs = 10_000) => {
		const shown = () => (typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output));
		await until(shown, String(pattern), timeoutMs, () => `output so far:\n${output.slice(-2000)}`);
	};
	return {
		output: () => output,
		pid: () => {
			const found = spawnSync('pgrep', ['-P', String(child.pid)], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
			return found ? Number(found) : undefined;
		},
		expectOutput,
		write: text => child.stdin.write(text),
		exit,
	};
}

/** A usage problem: exit 2, nothing on stdout, and one line on stderr: that line, when given as a string. */
export function expectOneLineError(result: ReturnType<typeof runCli>, pattern: RegExp | string): void {
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	if (typeof pattern === 'string') expect(lines[0]).toBe(pattern);
	else expect(lines[0]).toMatch(pattern);
}
