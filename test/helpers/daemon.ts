import {spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, mkdtempSync, openSync, readFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {until} from './until.js';

/**
 * Every daemon a test starts carries this variable in its environment (visible in /proc/PID/environ), and
 * tests stop only the daemons they started, by their own pid.
 */
export const DAEMON_LABEL = 'OPSDECK_TEST_DAEMON';
const RUN = `${process.pid}-${Date.now()}`;

export type Daemon = {
	readonly pid: number;
	readonly dir: string;
	/** The daemon's combined output so far, for a failure message. */
	log(): string;
	stop(): Promise<void>;
};

function inCi(): boolean {
	return process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
}

/**
 * The path of each program, or why the tests skip: in CI a missing program fails the run (`.ci/run` installs
 * them from Debian); elsewhere the tests skip and say which package to install.
 */
export function findPrograms<T extends Record<string, {path: string; pkg: string}>>(programs: T): {[K in keyof T]: string} | {skip: string} {
	const found: Record<string, string> = {};
	for (const [name, {path: file, pkg}] of Object.entries(programs)) {
		try {
			accessSync(file, constants.X_OK);
			found[name] = file;
		} catch {
			const problem = `${file} is missing (install Debian's ${pkg})`;
			if (inCi()) throw new Error(`CI needs ${problem}`);
			console.warn(`skipping: ${problem}`);
			return {skip: problem};
		}
	}
	return found as {[K in keyof T]: string};
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export function daemonDir(name: string): string {
	return mkdtempSync(path.join(os.tmpdir(), `opsdeck-${name}-`));
}

/**
 * Starts a daemon in its own process group with its output in DIR/NAME.log, and waits for `ready` to answer
 * true. Its stdin is /dev/null and only stdout/stderr are passed, so it holds none of the runner's pipes or locks.
 */
export async function startDaemon(options: {name: string; command: string; args: string[]; dir?: string; env?: NodeJS.ProcessEnv; ready: () => Promise<boolean>; timeoutMs?: number}): Promise<Daemon> {
	const dir = options.dir ?? daemonDir(options.name);
	const logFile = path.join(dir, `${options.name}.log`);
	const out = openSync(logFile, 'a');
	const child: ChildProcess = spawn(options.command, options.args, {
		cwd: dir,
		detached: true,
		stdio: ['ignore', out, out],
		env: {...process.env, ...options.env, [DAEMON_LABEL]: RUN},
	});
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	let gone = false;
	void exited.then(() => {
		gone = true;
	});
	const log = () => {
		try {
			return readFileSync(logFile, 'utf8');
		} catch {
			return '';
		}
	};
	const daemon: Daemon = {
		pid: child.pid!,
		dir,
		log,
		async stop() {
			if (gone) return;
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {
				return;
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {}
			}, 5000);
			await exited;
			clearTimeout(timer);
		},
	};
	try {
		await until(async () => {
			if (gone) throw new Error(`${options.name} exited before it was ready: ${log().slice(-2000)}`);
			return options.ready().catch(() => false);
		}, `${options.name} to be ready`, options.timeoutMs ?? 30_000, () => log().slice(-2000));
	} catch (error) {
		await daemon.stop();
		throw error;
	}
	return daemon;
}

/** True once `url` answers 2xx. */
export async function answers(url: string): Promise<boolean> {
	const response = await fetch(url, {signal: AbortSignal.timeout(2000)});
	await response.arrayBuffer();
	return response.ok;
}
