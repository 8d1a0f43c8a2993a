import {AppendLog} from './append-log.js';

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

const MAX_ENTRIES = 10_000;
const TEXT_FIELDS = ['time', 'user', 'action', 'provider', 'target', 'targetId', 'message'] as const;

export function isAuditEntry(value: unknown): value is AuditEntry {
	if (typeof value !== 'object' || value === null) return false;
	const entry = value as Record<string, unknown>;
	return TEXT_FIELDS.every(field => typeof entry[field] === 'string') && (entry.result === 'succeeded' || entry.result === 'failed');
}

/** The file the audit trail lived in before it was an append-only log: `{"entries": [...]}`, oldest first. */
function legacyEntries(document: unknown): unknown[] | undefined {
	const entries = typeof document === 'object' && document !== null ? (document as {entries?: unknown}).entries : undefined;
	return Array.isArray(entries) ? entries : undefined;
}

/**
 * The job audit trail: an append-only record of every action's outcome, safe to share between opsdeck
 * processes, bounded to the newest entries.
 */
export class AuditTrail {
	private constructor(
		private readonly log: AppendLog<AuditEntry>,
		private readonly kept: AuditEntry[],
		private readonly limit: number,
	) {}

	/**
	 * Opens the trail in `file` (JSON lines), carrying in once the entries of the older lowdb file beside it
	 * (`audit.json` for `audit.jsonl`).
	 * `warning` names any file that was damaged or migrated, in one line.
	 */
	static async open(file: string, options: {limit?: number} = {}): Promise<{audit: AuditTrail; warning?: string}> {
		const limit = options.limit ?? MAX_ENTRIES;
		const {log, entries, warnings} = await AppendLog.open(file, {limit, isEntry: isAuditEntry, legacy: {entries: legacyEntries}});
		return {audit: new AuditTrail(log, entries, limit), warning: warnings.length > 0 ? warnings.join('; ') : undefined};
	}

	/** What this process has seen: the trail as it was opened, and its own appends since. */
	entries(): readonly AuditEntry[] {
		return this.kept;
	}

	/** Appends one entry; it rejects when the entry could not be written. */
	append(entry: AuditEntry): Promise<void> {
		this.kept.push(entry);
		if (this.kept.length > this.limit) this.kept.splice(0, this.kept.length - this.limit);
		return this.log.append(entry);
	}

	/** Resolves once every append so far has been written, or has failed and said so to its caller. */
	settled(): Promise<void> {
		return this.log.settled();
	}
}
