import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {Duplex} from 'node:stream';

/** Where an `ssh://` engine lives, and the ssh_config(5) file to read, when one is named in config. */
export interface SshTarget {
	user?: string;
	host: string;
	port?: number;
	configFile?: string;
}

// Below sshd's default MaxSessions (10): each pooled HTTP connection is one session on the shared connection.
const MAX_CHANNELS = 8;
const CONNECT_TIMEOUT_S = 10;

/**
 * An engine reached over ssh, as the Docker CLI does it (`docker system dial-stdio` on the far side), through
 * the system's own ssh so that ~/.ssh/config, known_hosts, agents and ProxyJump work as they do in a shell.
 * Unlike the Docker CLI and dockerode's own ssh support, which open a new ssh connection for every request, one
 * master connection (ssh -M) is kept per engine and every HTTP connection is a channel multiplexed over it; the
 * HTTP agent keeps those channels alive between requests. A dropped master is started again on the next request.
 */
export class SshTransport {
	readonly agent: http.Agent;
	private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-ssh-'));
	private readonly controlPath = path.join(this.dir, 'master');
	private master: ChildProcess | undefined;
	private starting: Promise<void> | undefined;
	private readonly channels = new Set<ChildProcess>();
	private closed = false;

	constructor(private readonly target: SshTarget) {
		const agent = new http.Agent({keepAlive: true, maxSockets: MAX_CHANNELS, maxFreeSockets: 2});
		agent.createConnection = ((_options: unknown, callback: (error: Error | null, socket?: Duplex) => void) => {
			this.channel().then(socket => callback(null, socket), (error: Error) => callback(error));
			return undefined;
		}) as unknown as typeof agent.createConnection;
		this.agent = agent;
		process.once('exit', this.close);
	}

	/** What a user would type to reach the engine, for messages. */
	get destination(): string {
		const {user, host, port} = this.target;
		return `${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}`;
	}

	/** Ends the master and its channels; bound, so it also runs when the process exits without a clean stop. */
	readonly close = (): void => {
		process.off('exit', this.close);
		this.closed = true;
		this.agent.destroy();
		for (const channel of this.channels) channel.kill();
		this.master?.kill();
		rmSync(this.dir, {recursive: true, force: true});
	};

	private args(extra: string[]): string[] {
		const {user, host, port, configFile} = this.target;
		return [
			...(configFile ? ['-F', configFile] : []),
			...(port ? ['-p', String(port)] : []),
			...(user ? ['-l', user] : []),
			// A dashboard cannot answer a password or host-key prompt; keys, an agent or ssh_config must do.
			'-o', 'BatchMode=yes',
			'-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
			'-o', 'ServerAliveInterval=10',
			'-o', 'ServerAliveCountMax=3',
			'-S', this.controlPath,
			...extra,
			'--', host,
		];
	}

	private async channel(): Promise<Duplex> {
		if (this.closed) throw new Error(`the ssh connection to ${this.destination} is closed`);
		await this.ensureMaster();
		const child = spawn('ssh', this.args(['-o', 'ControlMaster=no', '-T']).concat(['docker', 'system', 'dial-stdio']), {stdio: ['pipe', 'pipe', 'pipe']});
		this.channels.add(child);
		child.once('exit', () => this.channels.delete(child));
		return processSocket(child, this.destination);
	}

	private ensureMaster(): Promise<void> {
		if (this.master && this.master.exitCode === null && existsSync(this.controlPath)) return Promise.resolve();
		this.starting ??= this.startMaster().finally(() => {
			this.starting = undefined;
		});
		return this.starting;
	}

	private startMaster(): Promise<void> {
		const master = spawn('ssh', this.args(['-M', '-N', '-o', 'ControlPersist=no']), {stdio: ['ignore', 'ignore', 'pipe']});
		this.master = master;
		let stderr = '';
		master.stderr!.setEncoding('utf8').on('data', (text: string) => {
			stderr = (stderr + text).slice(-2000);
		});
		return new Promise((resolve, reject) => {
			const failed = (reason: string) => {
				clearInterval(watch);
				reject(sshError(this.destination, reason));
			};
			master.once('error', error => failed(error.message));
			master.once('exit', code => failed(lastLine(stderr) || `ssh exited with ${code}`));
			// ssh says nothing when the master is up; its control socket appearing is the signal.
			const watch = setInterval(() => {
				if (!existsSync(this.controlPath)) return;
				clearInterval(watch);
				master.removeAllListeners('exit');
				master.once('exit', () => {
					if (this.master === master) this.master = undefined;
				});
				resolve();
			}, 20);
		});
	}
}

function lastLine(text: string): string {
	return text.trim().split('\n').filter(Boolean).at(-1)?.trim() ?? '';
}

const FIXES: Array<[RegExp, string]> = [
	[/permission denied/i, 'load the key into ssh-agent, or name an ssh_config with its IdentityFile in the engine\'s sshConfig'],
	[/host key verification failed|no .* host key is known/i, 'run `ssh HOST` once to check and accept its host key'],
	[/docker: (command )?not found|not found.*docker/i, 'install the Docker CLI on the far host (it runs `docker system dial-stdio`)'],
	[/connection refused|timed out|no route|could not resolve/i, 'check the host, port and network'],
];

/** One line naming what ssh said and what the user can do about it; `code` lets the engine's errors tell it apart. */
function sshError(destination: string, said: string): Error {
	const fix = FIXES.find(([pattern]) => pattern.test(said))?.[1];
	return Object.assign(new Error(`ssh to ${destination} failed: ${said}${fix ? `; ${fix}` : ''}`), {code: 'ESSH'});
}

/**
 * A child's stdin and stdout as the socket an HTTP agent expects. Node's HTTP client calls the socket methods
 * below on whatever createConnection returns; a pipe has no Nagle, keep-alive probes or idle timer of its own.
 */
function processSocket(child: ChildProcess, destination: string): Duplex {
	let stderr = '';
	let answered = false;
	child.stderr!.setEncoding('utf8').on('data', (text: string) => {
		stderr = (stderr + text).slice(-2000);
	});
	const socket = new Duplex({
		write(chunk: Buffer, _encoding, done) {
			child.stdin!.write(chunk, done);
		},
		final(done) {
			child.stdin!.end();
			done();
		},
		read() {
			child.stdout!.resume();
		},
		destroy(error, done) {
			child.kill();
			done(error);
		},
	});
	child.stdout!.on('data', (chunk: Buffer) => {
		answered = true;
		if (!socket.push(chunk)) child.stdout!.pause();
	});
	child.stdout!.once('end', () => socket.push(null));
	child.stdin!.on('error', error => socket.destroy(error));
	child.once('exit', code => {
		if (!answered && code !== 0) socket.destroy(sshError(destination, lastLine(stderr) || `exit ${code}`));
	});
	let idle: NodeJS.Timeout | undefined;
	return Object.assign(socket, {
		setKeepAlive: () => socket,
		setNoDelay: () => socket,
		ref: () => socket,
		unref: () => socket,
		setTimeout(ms: number, onTimeout?: () => void) {
			clearTimeout(idle);
			if (ms > 0) idle = setTimeout(() => (onTimeout ? onTimeout() : socket.emit('timeout')), ms);
			return socket;
		},
	});
}
