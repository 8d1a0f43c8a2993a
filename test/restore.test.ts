import {describe, expect, it} from 'vitest';
import {restorePlan, restorePlanText} from '../cli/restore.js';
import {diffInventories} from '../source/deltas/diff.js';
import {resourceId, type Resource} from '../source/model.js';
import {expectOneLineError, isolatedEnv, runCli} from './helpers/cli.js';

function make(provider: string, type: string, nativeId: string, fields: Partial<Resource> = {}): Resource {
	const scope = provider === 'aws' ? '111111111111/eu-west-1' : 'local';
	return {id: resourceId(provider, scope, type, nativeId), provider, scope, type, nativeId, name: nativeId, state: 'running', tags: {}, attributes: {}, metrics: {}, ...fields};
}

describe('restore plan', () => {
	it('removes the instances and containers created since the snapshot and keeps the protected ones', () => {
		const old = make('aws', 'ec2:instance', 'i-old');
		const live = [
			old,
			make('aws', 'ec2:instance', 'i-new'),
			make('aws', 'ec2:instance', 'i-guarded', {tags: {'opsdeck:protect': 'true'}}),
			make('aws', 'ec2:instance', 'i-ending', {state: 'shutting-down'}),
			make('aws', 'ec2:security-group', 'sg-new'),
			make('docker', 'container', 'c-new'),
		];
		const steps = restorePlan(diffInventories([old], live), live, {aws: {protectTags: [{key: 'opsdeck:protect'}]}});
		expect(steps.map(step => [step.verb, step.resource.nativeId, step.keptBecause])).toEqual([
			['terminate', 'i-guarded', 'protected by tag opsdeck:protect'],
			['terminate', 'i-new', undefined],
			['remove', 'c-new', undefined],
		]);
		const text = restorePlanText(steps, 'before');
		expect(text).toContain('restore to snapshot before, dry run: nothing was changed\nwould remove 2 created since the snapshot:\n  terminate ec2:instance i-new (i-new) in 111111111111/eu-west-1\n  remove container c-new (c-new) in local\nkept 1:\n');
		expect(text).toContain('ec2:instance i-guarded (i-guarded) in 111111111111/eu-west-1: protected by tag opsdeck:protect');
		// The guard reads its own provider's settings, and refuses to guess when given none rather than protect nothing.
		expect(() => restorePlan(diffInventories([old], live), live, {docker: {}})).toThrow('the restore guard was given no AWS settings');
	});

	it('refuses to run without --dry-run or a snapshot, with one line', () => {
		expectOneLineError(runCli(['restore', '--snapshot', 'x']), /^opsdeck: restore needs one of --dry-run \(list what it would remove\) or --confirm \(remove it\)$/);
		expectOneLineError(runCli(['restore', '--dry-run']), /^opsdeck: restore needs --snapshot NAME/);
		expectOneLineError(runCli(['diff', 'a', '--dry-run']), /^opsdeck: --snapshot, --dry-run and --confirm go with opsdeck restore$/);
		expectOneLineError(runCli(['restore', '--snapshot', 'nope', '--dry-run', '--providers', 'host'], isolatedEnv()), /^opsdeck: no snapshot named "nope"/);
	});
});
