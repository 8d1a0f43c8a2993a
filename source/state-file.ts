import {mkdir, rename} from 'node:fs/promises';
import path from 'node:path';
import {Low} from 'lowdb';
import {JSONFile} from 'lowdb/node';

export interface OpenedStateFile<T> {
	db: Low<T>;
	/** Set when the file was unreadable and was moved aside: one line for the user. */
	warning?: string;
}

/**
 * Writes a state file one write at a time, in order. Each write saves the whole file again, so one that fails
 * must not stop the ones after it; its caller hears of the failure.
 */
export class SerialWrites {
	private writing: Promise<void> = Promise.resolve();

	constructor(private readonly db: Pick<Low<unknown>, 'write'>) {}

	write(): Promise<void> {
		const write = this.writing.then(() => this.db.write());
		this.writing = write.catch(() => undefined);
		return write;
	}

	/** Resolves once every write so far has finished, written or failed. */
	settled(): Promise<void> {
		return this.writing;
	}
}

/**
 * Opens a lowdb JSON file under the state directory. A file that does not parse is renamed beside itself,
 * never overwritten, and a fresh one is started, so a corrupt file costs a warning rather than a crash or
 * the user's data.
 */
export async function openStateFile<T>(
	file: string,
	defaults: T,
	isValid: (data: unknown) => data is T,
): Promise<OpenedStateFile<T>> {
	await mkdir(path.dirname(file), {recursive: true});
	const db = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
	let problem: string | undefined;
	try {
		await db.read();
		if (!isValid(db.data)) problem = 'it does not hold what opsdeck wrote there';
	} catch (error) {
		// Only a file whose content is bad is moved aside; one that cannot be read at all is left alone.
		if (!(error instanceof SyntaxError)) throw error;
		problem = 'it is not valid JSON';
	}
	if (!problem) return {db};
	const aside = `${file}.corrupt-${new Date().toISOString().replaceAll(':', '-')}`;
	await rename(file, aside);
	db.data = structuredClone(defaults);
	return {
		db,
		warning: `${path.basename(file)} could not be read (${problem}); moved it to ${aside} and started a new one`,
	};
}
