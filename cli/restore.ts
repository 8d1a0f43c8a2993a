import {protectedBy} from '../providers/aws/actions.js';
import type {ProtectTag} from '../source/aws-settings.js';
import type {DiffResult} from '../source/deltas/diff.js';
import type {Resource} from '../source/model.js';

export interface RestoreStep {
	resource: Resource;
	verb: 'terminate' | 'remove';
	/** Set when the resource is kept, with why. */
	keptBecause?: string;
}

// Already on their way out: nothing to undo.
const ENDING = new Set(['terminated', 'shutting-down', 'removing', 'dead']);

/**
 * What undoing the creations since a snapshot means: each EC2 instance and container that is live now but was
 * not in the snapshot, terminated or removed, except the ones a protect tag guards, which are kept.
 */
export function restorePlan(result: DiffResult, live: readonly Resource[], protectTags: readonly ProtectTag[]): RestoreStep[] {
	const byId = new Map(live.map(resource => [resource.id, resource]));
	const steps: RestoreStep[] = [];
	for (const delta of result.deltas) {
		if (delta.kind !== 'added') continue;
		const resource = byId.get(delta.id);
		if (!resource || ENDING.has(resource.state.replace(/ \(stale\)$/, ''))) continue;
		if (resource.provider === 'aws' && resource.type === 'ec2:instance') {
			const guard = protectedBy(resource, protectTags);
			steps.push({resource, verb: 'terminate', keptBecause: guard ? `protected by tag ${guard.key}${guard.value === undefined ? '' : `=${guard.value}`}` : undefined});
		} else if (resource.provider === 'docker' && resource.type === 'container') {
			steps.push({resource, verb: 'remove'});
		}
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
	if (steps.some(step => step.verb === 'terminate')) lines.push('termination protection (disableApiTermination) is not read in a dry run; EC2 refuses to terminate an instance that has it');
	return `${lines.join('\n')}\n`;
}
