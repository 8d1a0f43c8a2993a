import {openStateFile, SerialWrites} from './state-file.js';

export interface AuditEntry {
	time: string;
	user: string;
	action: string;
	provider: string;
	target: string;
	targetId: string;
	result: 'succeeded' | 'failed';
	message: string;
}

interface AuditData {
	entries: AuditEntry[];
}

const MAX_ENTRIES = 10_000;

function isAuditData(data: unknown): data is AuditData {
	return typeof data === 'object' && data !== null && Array.isArray((data as AuditData).entries);
}

/** The job audit trail: an append-only record of every action's outcome, bounded to the newest entries. */
export class AuditTrail {
	private readonly writes: SerialWrites;

	private constructor(private readonly db: Awaited<ReturnType<typeof openStateFile<AuditData>>>['db']) {
		this.writes = new SerialWrites(db);
	}

	static async open(file: string): Promise<{audit: AuditTrail; warning?: string}> {
		const {db, warning} = await openStateFile<AuditData>(file, {entries: []}, isAuditData);
		return {audit: new AuditTrail(db), warning};
	}

	entries(): readonly AuditEntry[] {
		return this.db.data.entries;
	}

	/** Appends and writes in the background; writes are serialised so none is lost or reordered. */
	append(entry: AuditEntry): Promise<void> {
		const entries = this.db.data.entries;
		entries.push(entry);
		if (entries.length > MAX_ENTRIES) entries.splice(0, entries.length - MAX_ENTRIES);
		return this.writes.write();
	}

	/** Resolves once every append so far has been written, or has failed and said so to its caller. */
	settled(): Promise<void> {
		return this.writes.settled();
	}
}
