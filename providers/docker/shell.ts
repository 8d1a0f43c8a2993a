import type Docker from 'dockerode';
import {ReadOnlyError} from '../../source/guard.js';
import type {TerminalIO} from '../../source/terminal.js';
import {engineMessage} from './errors.js';

// bash where the image has it, as people expect; sh everywhere else.
const SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/** An interactive shell in a running container, on the user's terminal, until they leave it. */
export async function containerShell(docker: Docker, nativeId: string, name: string, io: TerminalIO): Promise<string> {
	let exec: Docker.Exec;
	let stream: NodeJS.ReadWriteStream;
	try {
		exec = await docker.getContainer(nativeId).exec({
			Cmd: SHELL,
			AttachStdin: true,
			AttachStdout: true,
			AttachStderr: true,
			Tty: true,
			Env: [`TERM=${process.env.TERM ?? 'xterm-256color'}`],
		});
		stream = (await exec.start({hijack: true, stdin: true, Tty: true})) as NodeJS.ReadWriteStream;
	} catch (error) {
		if (error instanceof ReadOnlyError) throw error;
		throw new Error(`cannot open a shell in ${name}: ${engineMessage(error)}`);
	}
	const resize = () => void exec.resize({h: io.output.rows ?? 24, w: io.output.columns ?? 80}).catch(() => undefined);
	const wasRaw = io.input.isRaw;
	io.output.write(`opsdeck: shell in ${name}; leave it with exit or ctrl-d\r\n`);
	io.input.setRawMode?.(true);
	io.input.resume();
	io.input.pipe(stream);
	stream.pipe(io.output, {end: false});
	io.output.on('resize', resize);
	resize();
	try {
		await new Promise<void>((resolve, reject) => {
			stream.on('end', resolve);
			stream.on('close', resolve);
			stream.on('error', reject);
		});
	} finally {
		io.output.off('resize', resize);
		io.input.unpipe(stream);
		stream.unpipe(io.output);
		io.input.setRawMode?.(wasRaw);
	}
	const {ExitCode} = await exec.inspect();
	return `shell in ${name} ended${ExitCode === null ? '' : ` with exit code ${ExitCode}`}`;
}
