import {execFile} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {daemonDir, freePort, startDaemon, type Daemon} from './daemon.js';

const run = promisify(execFile);

export interface SshLab {
	/** The engine address opsdeck is given: ssh://USER@127.0.0.1:PORT. */
	host: string;
	/** An ssh_config(5) file with the test's key and known_hosts, for the engine's `sshConfig`. */
	sshConfig: string;
	/** How many ssh connections sshd has accepted so far. */
	connections(): number;
	/** Ends every ssh session sshd is serving (as a dropped network would), leaving it listening. */
	dropConnections(): Promise<number>;
	sshd: Daemon;
	stop(): Promise<void>;
}

/**
 * A private sshd on a loopback port, with a host key and a client key made for the test, whose sessions see
 * `engineHost` as DOCKER_HOST, so `docker system dial-stdio` on the far side reaches that engine.
 */
export async function startSshLab(engineHost: string, sshd = '/usr/sbin/sshd'): Promise<SshLab> {
	const dir = daemonDir('sshd');
	await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
	await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
	writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), {mode: 0o600});
	const port = await freePort();
	const user = os.userInfo().username;
	const config = path.join(dir, 'sshd_config');
	writeFileSync(
		config,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${dir}/host_key`,
			`PidFile ${dir}/sshd.pid`,
			`AuthorizedKeysFile ${dir}/authorized_keys`,
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'UsePAM no',
			// The key files live under the temporary directory, whose parents sshd's strict checks reject.
			'StrictModes no',
			'PermitRootLogin prohibit-password',
			`AllowUsers ${user}`,
			`SetEnv DOCKER_HOST=${engineHost}`,
			'LogLevel VERBOSE',
			'',
		].join('\n'),
	);
	const hostKey = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
	writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
	const sshConfig = path.join(dir, 'ssh_config');
	writeFileSync(sshConfig, ['Host *', `  IdentityFile ${dir}/client_key`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${dir}/known_hosts`, '  StrictHostKeyChecking yes', ''].join('\n'));
	// sshd refuses to start without its privilege separation directory, which the package's service unit makes.
	mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	const daemon = await startDaemon({name: 'sshd', command: sshd, args: ['-D', '-e', '-f', config], dir, ready: () => sshBanner(port)});
	return {
		host: `ssh://${user}@127.0.0.1:${port}`,
		sshConfig,
		sshd: daemon,
		connections: () => daemon.log().match(/Accepted publickey/g)?.length ?? 0,
		async dropConnections() {
			const sessions = childrenOf(daemon.pid);
			for (const pid of sessions) process.kill(pid, 'SIGTERM');
			return sessions.length;
		},
		stop: () => daemon.stop(),
	};
}

function sshBanner(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('data', data => {
			socket.destroy();
			resolve(data.toString('latin1').startsWith('SSH-'));
		});
		socket.once('error', () => resolve(false));
	});
}

/** The processes whose parent is `pid`: sshd forks one per connection. */
function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) children.push(Number(entry));
		} catch {
			// The process ended while the list was read.
		}
	}
	return children;
}
