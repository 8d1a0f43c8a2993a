import {guardMutation, type Capabilities} from '../../source/guard.js';
import type {StartMatch} from './collect.js';

/** The process-signal boundary: the one place opsdeck calls kill(2). Tests put a spy here. */
export type KillFunction = (pid: number, signal: NodeJS.Signals | 0) => void;

export const systemKill: KillFunction = (pid, signal) => {
	process.kill(pid, signal);
};

/** Whether the process now on `pid` is the one that started at `start` (a HostReader's matchStart). */
export type StartCheck = (pid: number, start: number | undefined) => Promise<StartMatch>;

export interface ProcessSignals {
	/**
	 * Signals `pid` only if the process there is still the one that started at `start`, the start its row was read
	 * with; undefined when that is not known, which sends nothing. Throws at once in read-only mode.
	 */
	send(pid: number, signal: NodeJS.Signals, start: number | undefined): Promise<void>;
	isAlive(pid: number): boolean;
}

export function createProcessSignals(capabilities: Capabilities, kill: KillFunction, checkStart: StartCheck): ProcessSignals {
	const send = guardMutation(capabilities, 'signalling a process', async (pid: number, signal: NodeJS.Signals, start: number | undefined) => {
		// A pid is reused once its process has gone: between the read that drew the row and now, the pid may have
		// come to name another process, which must not get the signal meant for the first.
		const match = await checkStart(pid, start);
		if (match === 'gone') throw new Error(`process ${pid} no longer exists`);
		if (match === 'reused') throw new Error(`process ${pid} is not the one you chose: it was restarted or its PID was reused; nothing was sent`);
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
