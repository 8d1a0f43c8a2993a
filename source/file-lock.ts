import {readFile, rename, unlink, writeFile} from 'node:fs/promises';

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 2000;
const LOCK_RETRY_MS = 20;

/**
 * Runs `work` holding `FILE.lock`, created with O_EXCL. A lock whose process is gone, or older than
 * LOCK_STALE_MS (its holder hung or the pid was reused), is broken. Resolves undefined when another process
 * held it for all of `waitMs`; rejects when no lock can be made at all (a read-only directory).
 */
export async function withLock<R>(file: string, work: () => Promise<R>, waitMs = LOCK_WAIT_MS): Promise<R | undefined> {
	const lock = `${file}.lock`;
	const deadline = Date.now() + waitMs;
	for (;;) {
		try {
			await writeFile(lock, `${process.pid} ${Date.now()}\n`, {flag: 'wx', mode: 0o600});
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (await breakIfStale(lock)) continue;
			if (Date.now() >= deadline) return undefined;
			await new Promise(resolve => setTimeout(resolve, LOCK_RETRY_MS));
		}
	}
	try {
		return await work();
	} finally {
		await unlink(lock).catch(() => undefined);
	}
}

async function breakIfStale(lock: string): Promise<boolean> {
	const content = await readFile(lock, 'utf8').catch(() => undefined);
	if (content === undefined) return true;
	const [pid, time] = content.trim().split(' ').map(Number);
	const stale = !pid || !time || Date.now() - time > LOCK_STALE_MS || !alive(pid);
	if (!stale) return false;
	// Renamed before it is removed, so of two processes breaking the same stale lock only one removes it.
	const claimed = `${lock}.stale-${process.pid}`;
	try {
		await rename(lock, claimed);
		await unlink(claimed);
	} catch {
		// Someone else broke it first.
	}
	return true;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
