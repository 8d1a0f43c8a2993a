import {useApp, useStdin, useStdout} from 'ink';
import {useEffect} from 'react';
import type {TerminalHandoff} from '../../source/terminal.js';

/** Lends the terminal to an interactive session (a shell in a container) and takes it back when it ends. */
export function useTerminalHandoff(terminal: TerminalHandoff | undefined) {
	const {suspendTerminal} = useApp();
	const {stdin} = useStdin();
	const {stdout} = useStdout();
	useEffect(() => {
		if (!terminal) return;
		return terminal.attach({input: stdin as NodeJS.ReadStream, output: stdout as NodeJS.WriteStream}, async session => {
			let result: Awaited<ReturnType<typeof session>> | undefined;
			await suspendTerminal(async () => {
				result = await session();
			});
			return result!;
		});
	}, [terminal, stdin, stdout, suspendTerminal]);
}
