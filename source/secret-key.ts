import {chmod, mkdir, readFile, rename, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {nodeCrypto} from './lazy-crypto.js';

const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}\n?$/;
/** Hex digits of the HMAC a placeholder carries: enough that two values never read alike by chance. */
export const DIGEST_LENGTH = 12;
export const KEY_FILE = 'secret-digest.key';

// Until the installation's key is loaded (tests, the bench, `info`), digests agree within this process only.
let key: Buffer | undefined;
const keyWatchers = new Set<() => void>();

/**
 * A keyed digest of a secret value: what lets a changed secret be reported as drift without keeping the value.
 * A plain hash of a short password is undone by trying every candidate; without the key that is not possible.
 */
export function secretDigest(value: string): string {
	key ??= nodeCrypto().randomBytes(KEY_BYTES);
	return nodeCrypto().createHmac('sha256', key).update(value).digest('hex').slice(0, DIGEST_LENGTH);
}

/** Hears a change of key: whatever was digested under the old one must be digested again. */
export function onDigestKeyChange(watcher: () => void): void {
	keyWatchers.add(watcher);
}

function useKey(next: Buffer): void {
	key = next;
	for (const watcher of keyWatchers) watcher();
}

/**
 * Loads the per-installation digest key from the state directory, creating it (mode 0600) on first use, so
 * a snapshot saved today and a diff run tomorrow digest a secret alike. A key file that cannot be read or
 * holds something else is moved aside and replaced; when no key can be written, this run keeps a key of its
 * own. Never throws: the returned line, if any, says what happened.
 */
export async function loadDigestKey(stateDir: string, tries = 2): Promise<string | undefined> {
	const file = path.join(stateDir, KEY_FILE);
	let problem: string;
	try {
		const text = await readFile(file, 'utf8');
		if (KEY_TEXT.test(text)) {
			useKey(Buffer.from(text.slice(0, KEY_BYTES * 2), 'hex'));
			await keepPrivate(file);
			return undefined;
		}
		problem = 'it does not hold a key opsdeck wrote';
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return await create(file, undefined, tries);
		problem = code ?? (error as Error).message;
	}
	return await create(file, problem, tries);
}

async function create(file: string, problem: string | undefined, tries: number): Promise<string | undefined> {
	const aside = `${file}.bad-${Date.now()}`;
	const fresh = nodeCrypto().randomBytes(KEY_BYTES);
	const replaced = problem === undefined ? '' : `digest key ${file} could not be used (${problem}); moved to ${path.basename(aside)} and replaced, so secrets in earlier snapshots read as changed once`;
	try {
		await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
		if (problem !== undefined) await rename(file, aside);
		await writeFile(file, `${fresh.toString('hex')}\n`, {mode: 0o600, flag: 'wx'});
	} catch (error) {
		// Another opsdeck created it first: both must use that one.
		if ((error as NodeJS.ErrnoException).code === 'EEXIST' && tries > 1) return await loadDigestKey(path.dirname(file), tries - 1);
		useKey(fresh);
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		return `digest key ${file} could not be ${problem === undefined ? 'created' : `replaced (${problem})`}: ${reason}; this run uses a key of its own, so secrets compared with snapshots read as changed`;
	}
	useKey(fresh);
	return replaced || undefined;
}

// A key readable by others lets them test guesses against the digests in a snapshot.
async function keepPrivate(file: string): Promise<void> {
	try {
		if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
	} catch {
		// The key was read; a mode that cannot be changed is the file owner's to mend.
	}
}
