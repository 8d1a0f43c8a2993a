import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;

/**
 * node:crypto, loaded the first time it is needed. Loading it costs a process about 3.3 MB for the rest of
 * the run, and opsdeck needs it only for a secret's digest, a new digest key, a snapshot's temporary name and
 * a Docker context's path: a host screen may never need it.
 */
export function nodeCrypto(): typeof import('node:crypto') {
	crypto ??= require('node:crypto') as typeof import('node:crypto');
	return crypto;
}
