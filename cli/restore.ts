import {commit, expectedAnswer, plan} from '../source/action-request.js';
import type {DiffResult} from '../source/deltas/diff.js';
import {AuditTrail} from '../source/audit.js';
import {JobRunner} from '../source/jobs.js';
import {kindOf, normalState} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import type {Provider} from '../source/provider.js';
import type {Settings} from './settings.js';

export interface RestoreStep {
	resource: Resource;
	/** Its kind's word for undoing a creation: `terminate`, `remove`. */
	verb: string;
	/** Set when the resource is kept, with why. */
	keptBecause?: string;
}

/**
 * What undoing the creations since a snapshot means: each resource of a kind that declares a restore verb,
 * live now but not in the snapshot and not already on its way out, removed, except the ones its kind's guard
 * keeps, given its provider's settings (an EC2 instance's protect tag), which are kept.
 */
export function restorePlan(result: DiffResult, live: readonly Resource[], providerSettings: Readonly<Record<string, unknown>>): RestoreStep[] {
	const byId = new Map(live.map(resource => [resource.id, resource]));
	const steps: RestoreStep[] = [];
	for (const delta of result.deltas) {
		if (delta.kind !== 'added') continue;
		const resource = byId.get(delta.id);
		const restore = resource && kindOf(resource).restore;
		if (!resource || !restore || restore.ending.includes(normalState(resource.state))) continue;
		steps.push({resource, verb: restore.verb, keptBecause: restore.keptBecause?.(resource, providerSettings[resource.provider])});
	}
	return steps;
}

export function restorePlanText(steps: readonly RestoreStep[], snapshot: string): string {
	const going = steps.filter(step => !step.keptBecause);
	const kept = steps.filter(step => step.keptBecause);
	const line = (step: RestoreStep) => `  ${step.verb} ${step.resource.type} ${step.resource.name} (${step.resource.nativeId.slice(0, 19)}) in ${step.resource.scope}`;
	const lines = [`restore to snapshot ${snapshot}, dry run: nothing was changed`];
	lines.push(going.length === 0 ? 'nothing created since the snapshot would be removed' : `would remove ${going.length} created since the snapshot:`, ...going.map(line));
	if (kept.length > 0) lines.push(`kept ${kept.length}:`, ...kept.map(step => `${line(step).replace(/^ {2}\w+/, ' ')}: ${step.keptBecause}`));
	const notes = new Set(steps.map(step => kindOf(step.resource).restore?.dryRunNote));
	for (const note of notes) if (note) lines.push(note);
	return `${lines.join('\n')}\n`;
}

/**
 * Carries a restore plan out: each step is its provider's own delete action (terminate an instance, remove a
 * container), planned and committed by the same action-request machine as the dashboard's marked sets, with
 * --confirm standing for the typed answer, so read-only mode, the protection rules and the audit trail apply
 * exactly as there. In read-only mode nothing is sent.
 */
export async function runRestore(
	steps: readonly RestoreStep[],
	providers: readonly Provider[],
	settings: Settings,
	snapshot: string,
	io: {out(text: string): void; err(text: string): void},
): Promise<number> {
	const going = steps.filter(step => !step.keptBecause);
	for (const step of steps) if (step.keptBecause) io.out(`kept ${step.resource.type} ${step.resource.name}: ${step.keptBecause}\n`);
	if (going.length === 0) {
		io.out(`restore to snapshot ${snapshot}: nothing created since the snapshot to remove\n`);
		return 0;
	}
	const opened = await AuditTrail.open(settings.paths.auditFile).catch((error: Error) => {
		io.err(`opsdeck: audit trail unavailable (${(error as NodeJS.ErrnoException).code ?? error.message}); the removals will not be recorded\n`);
		return undefined;
	});
	if (opened?.warning) io.err(`opsdeck: ${opened.warning}\n`);
	const jobs = new JobRunner({capabilities: {readOnly: settings.readOnly}, audit: opened?.audit});
	const deps = {
		actionsFor: (resource: Resource) => providers.find(provider => provider.name === resource.provider)?.actions(resource) ?? [],
		// The plan was read from the live inventory just now; whatever has gone since, its job reports.
		current: (resource: Resource) => resource,
		jobs,
	};
	const planned = plan('delete', going.map(step => step.resource), deps);
	const skipped = 'request' in planned ? planned.request.skipped : planned.skipped;
	for (const {resource} of skipped) {
		const verb = going.find(step => step.resource.id === resource.id)!.verb;
		io.err(`opsdeck: ${resource.type} ${resource.name} offers no way to ${verb} it; left as it is\n`);
	}
	if ('refusal' in planned) {
		// No step had a way to remove its resource: each was named above, and none was refused.
		if (skipped.length === going.length) return reportRestore(snapshot, going.length, 0, skipped.length, io);
		// The whole plan is refused before any part of it runs, rather than half a restore.
		io.err(`opsdeck: ${planned.refusal}; nothing was changed\n`);
		return 2;
	}
	const committed = commit(planned.request, expectedAnswer(planned.request), deps);
	for (const {resource, message} of committed.refused) io.err(`opsdeck: ${resource.name}: ${message}\n`);
	await jobs.idle();
	await opened?.audit.settled();
	let succeeded = 0;
	for (const job of jobs.list()) {
		if (job.state === 'succeeded') {
			succeeded++;
			io.out(`job ${job.id}: ${job.message ?? job.label}\n`);
		} else io.err(`opsdeck: job ${job.id} failed: ${job.error ?? 'unknown error'}\n`);
	}
	return reportRestore(snapshot, going.length, succeeded, going.length - succeeded, io);
}

function reportRestore(snapshot: string, planned: number, removed: number, failed: number, io: {out(text: string): void}): number {
	io.out(`restore to snapshot ${snapshot}: ${removed} of ${planned} removed${failed > 0 ? `, ${failed} not` : ''}\n`);
	return failed > 0 ? 1 : 0;
}
