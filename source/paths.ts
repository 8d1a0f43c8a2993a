import os from 'node:os';
import path from 'node:path';

export interface Paths {
	configFile: string;
	stateDir: string;
	auditFile: string;
	snapshotDir: string;
}

/** Resolves where opsdeck reads config and keeps state, following the XDG base directory spec. */
export function resolvePaths(env: NodeJS.ProcessEnv, configFlag?: string): Paths {
	const home = env.HOME ?? os.homedir();
	const configHome = absoluteOr(env.XDG_CONFIG_HOME, path.join(home, '.config'));
	const stateHome = absoluteOr(env.XDG_STATE_HOME, path.join(home, '.local', 'state'));
	const stateDir = path.join(stateHome, 'opsdeck');
	return {
		configFile: path.resolve(configFlag ?? env.OPSDECK_CONFIG ?? path.join(configHome, 'opsdeck', 'config.json')),
		stateDir,
		auditFile: path.join(stateDir, 'audit.jsonl'),
		snapshotDir: path.join(stateDir, 'snapshots'),
	};
}

// The spec says relative XDG paths are invalid and must be ignored.
function absoluteOr(value: string | undefined, fallback: string): string {
	return value && path.isAbsolute(value) ? value : fallback;
}
