import type {DiffResult} from './diff.js';

/** The diff for scripts: every delta with its field changes. Values were redacted by the engine already. */
export function diffJson(result: DiffResult, base: string, target: string): string {
	return `${JSON.stringify({base, target, counts: result.counts, deltas: result.deltas}, null, 2)}\n`;
}

const CSV_HEADER = ['kind', 'id', 'provider', 'scope', 'type', 'name', 'field', 'op', 'before', 'after'];

/** One line per field change (one per resource added or removed), RFC 4180 quoting. */
export function diffCsv(result: DiffResult): string {
	const lines = [CSV_HEADER.join(',')];
	for (const delta of result.deltas) {
		const head = [delta.kind, delta.id, delta.provider, delta.scope, delta.type, delta.name];
		if (delta.fields.length === 0) lines.push(csvRow([...head, '', '', delta.stateBefore ?? '', delta.stateAfter ?? '']));
		for (const change of delta.fields) lines.push(csvRow([...head, change.field, change.op, change.before ?? '', change.after ?? '']));
	}
	return `${lines.join('\n')}\n`;
}

/** One CSV line, RFC 4180 quoting. */
export function csvRow(cells: readonly string[]): string {
	return cells.map(cell => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');
}

/** The human summary `opsdeck diff` prints: counts, then one line per resource grouped by kind. */
export function diffText(result: DiffResult, base: string, target: string): string {
	const {counts} = result;
	const lines = [`${base} → ${target}: ${counts.added} added, ${counts.removed} removed, ${counts.modified} modified, ${counts.state} state changed`];
	const titles = {added: 'added', removed: 'removed', modified: 'modified (drift)', state: 'state changed'} as const;
	for (const kind of ['added', 'removed', 'modified', 'state'] as const) {
		const deltas = result.deltas.filter(delta => delta.kind === kind);
		if (deltas.length === 0) continue;
		lines.push('', `${titles[kind]}:`);
		for (const delta of deltas) lines.push(`  ${delta.type} ${delta.name} (${delta.scope}): ${delta.summary}`);
	}
	return `${lines.join('\n')}\n`;
}
