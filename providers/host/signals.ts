import {guardMutation, type Capabilities} from '../../source/guard.js';

/** The process-signal boundary: the one place opsdeck calls kill(2). Tests put a spy here. */
export type KillFunction = (pid: number, signal: NodeJS.Signals | 0) => void;

export const systemKill: KillFunction = (pid, signal) => {
	process.kill(pid, signal);
};

export interface ProcessSignals {
	send(pid: number, signal: NodeJS.Signals): void;
	isAlive(pid: number): boolean;
}

export function createProcessSignals(capabilities: Capabilities, kill: KillFunction = systemKill): ProcessSignals {
	const send = guardMutation(capabilities, 'signalling a process', (pid: number, signal: NodeJS.Signals) => {
		try {
			kill(pid, signal);
		} catch (error) {
			throw new Error(describeKillError(error, pid, signal));
		}
	});
	return {
		send,
		isAlive(pid) {
			try {
				kill(pid, 0);
				return true;
			} catch (error) {
				// EPERM means it exists but belongs to someone else.
				return (error as NodeJS.ErrnoException).code === 'EPERM';
			}
		},
	};
}

function describeKillError(error: unknown, pid: number, signal: NodeJS.Signals): string {
	switch ((error as NodeJS.ErrnoException).code) {
		case 'ESRCH':
			return `process ${pid} no longer exists`;
		case 'EPERM':
			return `not permitted to send ${signal} to process ${pid}; run opsdeck as its owner or as root`;
		default:
			return `${signal} to process ${pid} failed: ${(error as Error).message}`;
	}
}
