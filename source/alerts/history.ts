import {AppendLog} from '../append-log.js';
import {SEVERITIES, type Alert, type AlertEvent} from './types.js';

const DEFAULT_LIMIT = 1000;
const TEXT_FIELDS = ['id', 'rule', 'resourceId', 'resourceName', 'message'] as const;
const NUMBER_FIELDS = ['firstSeen', 'lastSeen', 'occurrences'] as const;

export function isAlert(value: unknown): value is Alert {
	if (typeof value !== 'object' || value === null) return false;
	const alert = value as Record<string, unknown>;
	return (
		TEXT_FIELDS.every(field => typeof alert[field] === 'string')
		&& NUMBER_FIELDS.every(field => typeof alert[field] === 'number')
		&& (SEVERITIES as readonly unknown[]).includes(alert.severity)
		&& (alert.kind === 'alert' || alert.kind === 'posture')
		&& (alert.state === 'firing' || alert.state === 'acknowledged' || alert.state === 'resolved')
		&& (alert.cis === undefined || typeof alert.cis === 'string')
		&& (alert.resolvedAt === undefined || typeof alert.resolvedAt === 'number')
	);
}

/** The lowdb file the history lived in before: `{"resolved": [...]}`, newest first. */
function legacyResolved(document: unknown): unknown[] | undefined {
	const resolved = typeof document === 'object' && document !== null ? (document as {resolved?: unknown}).resolved : undefined;
	return Array.isArray(resolved) ? [...resolved].reverse() : undefined;
}

/**
 * Resolved alerts, newest first, kept in an append-only log under the state directory so yesterday's incident
 * is still there after a restart. Only the newest `limit` are kept. A reopened alert (a repeat in its
 * cooldown) is appended again, and its newest entry replaces the earlier one when the history is read.
 */
export class AlertHistory {
	private resolved: Alert[];

	private constructor(
		private readonly log: AppendLog<Alert>,
		logged: readonly Alert[],
		private readonly limit: number,
		private readonly onError: (error: Error) => void,
	) {
		this.resolved = newestFirst(logged).slice(0, limit);
	}

	/** Opens the history in `file` (JSON lines), carrying in once the alerts of the older lowdb file beside it (`alerts.json` for `alerts.jsonl`). */
	static async open(file: string, options: {limit?: number; onError?: (error: Error) => void} = {}): Promise<{history: AlertHistory; warning?: string}> {
		const limit = options.limit ?? DEFAULT_LIMIT;
		const {log, entries, warnings} = await AppendLog.open(file, {limit, isEntry: isAlert, legacy: {entries: legacyResolved}});
		return {history: new AlertHistory(log, entries, limit, options.onError ?? (() => {})), warning: warnings.length > 0 ? warnings.join('; ') : undefined};
	}

	list(): readonly Alert[] {
		return this.resolved;
	}

	record(events: readonly AlertEvent[]): void {
		const resolved = events.filter(event => event.type === 'resolved').map(event => event.alert);
		if (resolved.length === 0) return;
		this.resolved = newestFirst([...[...this.resolved].reverse(), ...resolved]).slice(0, this.limit);
		for (const alert of resolved) this.log.append(alert).catch((error: Error) => this.onError(error));
	}

	/** Resolves once every recorded alert is on disk. */
	settled(): Promise<void> {
		return this.log.settled();
	}
}

/** Oldest-first entries to newest first, each alert once, at its latest entry. */
function newestFirst(logged: readonly Alert[]): Alert[] {
	const seen = new Set<string>();
	const out: Alert[] = [];
	for (let i = logged.length - 1; i >= 0; i--) {
		const alert = logged[i]!;
		if (seen.has(alert.id)) continue;
		seen.add(alert.id);
		out.push(alert);
	}
	return out;
}
