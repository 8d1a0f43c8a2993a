import os from 'node:os';
import path from 'node:path';

export interface Paths {
	configFile: string;
	/** What named the config file; undefined for the default path, which may be missing. */
	configFrom?: '--config' | 'OPSDECK_CONFIG';
	stateDir: string;
	auditFile: string;
	snapshotDir: string;
	/** The timeline every opsdeck on the machine appends to. */
	timelineFile: string;
}

/** Resolves where opsdeck reads config and keeps state, following the XDG base directory spec. */
export function resolvePaths(env: NodeJS.ProcessEnv, configFlag?: string): Paths {
	const home = env.HOME ?? os.homedir();
	const configHome = absoluteOr(env.XDG_CONFIG_HOME, path.join(home, '.config'));
	const stateHome = absoluteOr(env.XDG_STATE_HOME, path.join(home, '.local', 'state'));
	const stateDir = path.join(stateHome, 'opsdeck');
	// Empty is unset, as for KUBECONFIG and the XDG variables: `OPSDECK_CONFIG= opsdeck` is how a shell clears
	// an exported value for one run, and path.resolve('') would name the current directory.
	const envConfig = env.OPSDECK_CONFIG?.trim() ? env.OPSDECK_CONFIG : undefined;
	const configFrom = configFlag !== undefined ? '--config' : envConfig !== undefined ? 'OPSDECK_CONFIG' : undefined;
	return {
		configFile: path.resolve(configFlag ?? envConfig ?? path.join(configHome, 'opsdeck', 'config.json')),
		configFrom,
		stateDir,
		auditFile: path.join(stateDir, 'audit.jsonl'),
		snapshotDir: path.join(stateDir, 'snapshots'),
		timelineFile: path.join(stateDir, 'timeline.jsonl'),
	};
}

// The spec says relative XDG paths are invalid and must be ignored.
function absoluteOr(value: string | undefined, fallback: string): string {
	return value && path.isAbsolute(value) ? value : fallback;
}
