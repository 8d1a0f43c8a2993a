import {createProviders} from '../providers/index.js';
import {COST_OWNER} from '../providers/aws/cost/resources.js';
import {overBudget, trend} from '../providers/aws/cost/kinds.js';
import {collectOnce, unreadStatuses} from '../source/collect.js';
import {UsageError} from '../source/config.js';
import type {Resource} from '../source/model.js';
import {DEFAULT_CHECK_TIMEOUT_SECONDS, type Flags} from './flags.js';
import {partialExit, unreadLine} from './partial-read.js';
import type {Settings} from './settings.js';

const COLUMNS = ['OWNER', 'MONTH TO DATE', 'LAST MONTH', 'PROJECTED', 'TREND', 'BUDGET', 'SOURCE', 'ACCOUNT'] as const;

function figure(value: unknown): string {
	return typeof value === 'number' ? value.toFixed(2) : '';
}

function row(owner: Resource): string[] {
	const a = owner.attributes;
	return [owner.name, figure(a.monthToDate), figure(a.lastMonth), figure(a.projected), trend(owner), figure(a.budget), String(a.source), String(a.account ?? owner.scope.split('/')[0])];
}

function table(owners: readonly Resource[]): string {
	const rows = [[...COLUMNS], ...owners.map(row)];
	const widths = COLUMNS.map((_, i) => Math.max(...rows.map(cells => cells[i]!.length)));
	// Right-aligned, the figures' decimal points line up, so amounts compare at a glance down a column.
	const numeric = new Set([1, 2, 3, 4, 5]);
	return rows.map(cells => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/**
 * Reads spend per owner once and prints it, largest first: a table, or JSON for scripts. Exit 3 when AWS or its
 * cost could not be read (unless --allow-partial).
 */
export async function runCost(settings: Settings, flags: Flags): Promise<number> {
	if (!settings.providers.includes('aws')) throw new UsageError('opsdeck cost reads AWS, which is not among the providers to start; add it with --providers aws, or configure an aws section');
	if (!settings.provider.aws.cost.enabled) throw new UsageError('cost is turned off (aws.cost.enabled is false in the config); set it to true to read Cost Explorer');
	const {providers, failed} = await createProviders(['aws'], {capabilities: {readOnly: true}, refreshMs: settings.refreshMs}, settings.provider);
	if (failed.length > 0) throw new Error(`aws could not be loaded: ${failed[0]!.error.message}`);
	const collected = await collectOnce(providers, flags.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_SECONDS * 1000);
	const owners = collected.resources.filter(r => r.type === COST_OWNER).sort((a, b) => Number(b.attributes.monthToDate) - Number(a.attributes.monthToDate));
	const notes = [...new Set(owners.map(owner => owner.attributes.note).filter((note): note is string => typeof note === 'string'))];
	if (flags.json) {
		const json = owners.map(owner => ({
			account: owner.scope.split('/')[0],
			owner: owner.attributes.owner,
			name: owner.name,
			currency: owner.attributes.currency,
			monthToDate: owner.attributes.monthToDate,
			lastMonth: owner.attributes.lastMonth,
			projected: owner.attributes.projected,
			projectedFrom: owner.attributes.projectedFrom,
			budget: owner.attributes.budget,
			overBudget: overBudget(owner) ?? null,
			source: owner.attributes.source,
			services: owner.attributes.services,
		}));
		process.stdout.write(`${JSON.stringify({tag: settings.provider.aws.cost.tag, owners: json, notes}, null, 2)}\n`);
	} else {
		process.stdout.write(owners.length > 0 ? `${table(owners)}\n` : 'no spend read\n');
		for (const note of notes) process.stdout.write(`note: ${note}\n`);
		for (const owner of owners) {
			const over = overBudget(owner);
			if (over) process.stdout.write(`budget: ${owner.name} ${over}\n`);
		}
	}
	const io = {err: (text: string) => process.stderr.write(text)};
	const unread = unreadStatuses(collected.statuses);
	for (const status of unread) io.err(unreadLine(status));
	return partialExit(0, unread.map(status => status.provider), flags.allowPartial, io);
}
