import type {Low} from 'lowdb';
import {openStateFile, SerialWrites} from '../state-file.js';
import type {Alert, AlertEvent} from './types.js';

interface HistoryData {
	resolved: Alert[];
}

const DEFAULT_LIMIT = 1000;

function isHistory(data: unknown): data is HistoryData {
	return typeof data === 'object' && data !== null && Array.isArray((data as HistoryData).resolved);
}

/**
 * Resolved alerts, newest first, kept in a lowdb file under the state directory so yesterday's incident is
 * still there after a restart. Only the newest `limit` are kept. A reopened alert (a repeat in its cooldown)
 * replaces its earlier resolved entry rather than adding another.
 */
export class AlertHistory {
	private readonly writes: SerialWrites;

	private constructor(
		private readonly db: Low<HistoryData>,
		private readonly limit: number,
		private readonly onError: (error: Error) => void,
	) {
		this.writes = new SerialWrites(db);
	}

	static async open(file: string, options: {limit?: number; onError?: (error: Error) => void} = {}): Promise<{history: AlertHistory; warning?: string}> {
		const {db, warning} = await openStateFile<HistoryData>(file, {resolved: []}, isHistory);
		return {history: new AlertHistory(db, options.limit ?? DEFAULT_LIMIT, options.onError ?? (() => {})), warning};
	}

	list(): readonly Alert[] {
		return this.db.data.resolved;
	}

	record(events: readonly AlertEvent[]): void {
		const resolved = events.filter(event => event.type === 'resolved').map(event => event.alert);
		if (resolved.length === 0) return;
		const ids = new Set(resolved.map(alert => alert.id));
		const kept = this.db.data.resolved.filter(alert => !ids.has(alert.id));
		this.db.data.resolved = [...resolved.reverse(), ...kept].slice(0, this.limit);
		this.writes.write().catch((error: Error) => this.onError(error));
	}

	/** Resolves once every recorded alert is on disk. */
	settled(): Promise<void> {
		return this.writes.settled();
	}
}
