import {describe, expect, it} from 'vitest';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {AlertEvent} from '../source/alerts/types.js';
import {populatedRegion, TEST_ACCOUNT, withServices} from './helpers/aws-world.js';
import {useAwsTestBed} from './helpers/aws-test-bed.js';
import {until} from './helpers/until.js';

const {endpointWith, start} = useAwsTestBed();

const region = (name: string, instances: number, seed: number) => withServices(populatedRegion(TEST_ACCOUNT, name, instances, seed), name);

describe('AWS services through their SDKs', () => {
	it('describes RDS, Lambda, ELB, Auto Scaling, CloudWatch and S3 with their own state and columns, paging each to the end', async () => {
		const east = region('us-east-1', 3, 1);
		east.databases!.push(...Array.from({length: 3}, (_, i) => ({...east.databases![0]!, id: `extra-${i}`})));
		const bucket = `us-east-1-logs-${TEST_ACCOUNT}`;
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions: {'us-east-1': east}, buckets: {[bucket]: {location: '', publicAccessBlock: true, encryption: 'aws:kms', versioning: 'Enabled'}}}], {
			servicePageSize: 2,
			throttle: {DescribeDBInstances: 1, DescribeAlarms: 1, ListFunctions: 1, DescribeTargetGroups: 1, DescribeAutoScalingGroups: 1},
		});
		const aws = start(endpoint, {regions: ['us-east-1']});
		await aws.waitForStatus(status => status.health === 'ok', 'a complete scan');

		const db = aws.resources('rds:db').find(r => r.nativeId === 'us-east-1-orders-db')!;
		expect(db).toMatchObject({state: 'available', tags: {team: 'payments'}});
		expect(db.attributes).toMatchObject({engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.t4g.medium', multiAz: true, publiclyAccessible: false, encrypted: true});
		expect(db.attributes.endpoint).toMatch(/^us-east-1-orders-db\..*:5432$/);
		// Five databases two a page: three pages, after the throttled one was retried.
		expect(aws.resources('rds:db')).toHaveLength(5);
		expect(endpoint.requests.filter(r => r.action === 'DescribeDBInstances').map(r => r.params.Marker ?? '')).toEqual(['', '', '2', '4']);
		expect(aws.resources('rds:cluster')[0]).toMatchObject({state: 'available', attributes: {members: ['us-east-1-aurora-1'], engine: 'aurora-mysql'}});

		const fn = aws.resources('lambda:function')[0]!;
		expect(fn).toMatchObject({name: 'thumbnailer', state: 'Active', attributes: {runtime: 'nodejs22.x', memoryMiB: 512, timeoutSeconds: 30, lastModified: '2026-10-30T12:00:00.000+0000'}});
		// The tagging API's copy of the same function (its ARN) gave its tags; it is listed once.
		expect(fn.tags).toEqual({team: 'media'});

		expect(aws.resources('elasticloadbalancing:loadbalancer')[0]).toMatchObject({name: 'web', nativeId: 'app/web/50dc6c495c0c9188', state: 'active', attributes: {scheme: 'internet-facing', lbType: 'application'}});
		const group = aws.resources('elasticloadbalancing:targetgroup')[0]!;
		expect(group).toMatchObject({name: 'web-tg', state: 'unhealthy', attributes: {healthy: 1, unhealthy: 1, loadBalancers: ['app/web/50dc6c495c0c9188']}});
		expect(aws.resources('autoscaling:autoScalingGroup')[0]).toMatchObject({name: 'web-asg', attributes: {desired: 2, min: 1, max: 4, instanceIds: east.instances.slice(0, 2).map(i => i.id)}});
		expect(aws.resources('cloudwatch:alarm')[0]).toMatchObject({name: 'web-cpu-high', state: 'OK', attributes: {metric: 'AWS/EC2 CPUUtilization', dimensions: [`InstanceId=${east.instances[0]!.id}`]}});

		const s3 = aws.resources('s3:bucket').find(r => r.nativeId === bucket)!;
		expect(s3.attributes).toMatchObject({region: 'us-east-1', publicAccessBlock: 'blocked', encryption: 'aws:kms', versioning: 'Enabled'});
		expect(endpoint.mutations()).toEqual([]);
	});

	it('degrades for one service in one region: that service is named and its rows go stale, everything else stays current', async () => {
		const regions = {'us-east-1': region('us-east-1', 2, 1), 'eu-west-1': region('eu-west-1', 2, 2)};
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions}]);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1']});
		await aws.waitForStatus(status => status.health === 'ok', 'a complete scan');

		regions['eu-west-1'].denyServices = ['rds'];
		regions['eu-west-1'].functions![0]!.memory = 1024;
		aws.provider.refresh();
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'RDS refused in eu-west-1');
		expect(status.reason).toBe('eu-west-1 rds:db, rds:cluster: access denied (AccessDenied); the rest are current');
		const rds = aws.resources().filter(r => r.type.startsWith('rds:'));
		expect(rds.filter(r => r.attributes.region === 'eu-west-1').every(r => r.state === 'available (stale)')).toBe(true);
		expect(rds.filter(r => r.attributes.region === 'us-east-1').every(r => r.state === 'available')).toBe(true);
		const west = aws.resources().filter(r => r.attributes.region === 'eu-west-1' && !r.type.startsWith('rds:'));
		expect(west.length).toBeGreaterThan(5);
		expect(west.some(r => r.state.includes('stale'))).toBe(false);
		expect(aws.resources('lambda:function').find(r => r.attributes.region === 'eu-west-1')!.attributes.memoryMiB).toBe(1024);
	});
});

describe('CloudWatch alarms as opsdeck alerts', () => {
	it('raises one alert with the alarm reason when an alarm goes to ALARM, and resolves it when the alarm is OK again', async () => {
		const west = region('eu-west-1', 2, 2);
		// Three alarms two a page: DescribeAlarms is paged by NextToken over JSON 1.0.
		west.alarms!.push({...west.alarms![0]!, name: 'disk-full'}, {...west.alarms![0]!, name: 'queue-deep'});
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions: {'eu-west-1': west}}], {servicePageSize: 2});
		const aws = start(endpoint, {regions: ['eu-west-1']}, {readOnly: true});
		const controller = new AbortController();
		const alerts = new AlertEngine(aws.store, ruleSet());
		const events: AlertEvent[] = [];
		alerts.onEvents(batch => events.push(...batch));
		alerts.start(controller.signal);
		try {
			await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
			expect(aws.resources('cloudwatch:alarm').map(r => r.name).sort()).toEqual(['disk-full', 'queue-deep', 'web-cpu-high']);
			expect(endpoint.requests.filter(r => r.action === 'DescribeAlarms').map(r => r.params.NextToken ?? '')).toEqual(['', '2']);
			const alarmAlerts = () => alerts.list().filter(alert => alert.rule === 'cloudwatch.alarm');
			expect(alarmAlerts()).toEqual([]);

			const reason = 'Threshold Crossed: 1 datapoint [97.5] was greater than the threshold (80.0).';
			Object.assign(west.alarms![0]!, {state: 'ALARM', reason});
			aws.provider.refresh();
			const fired = await until(() => alarmAlerts().find(alert => alert.state === 'firing'), 'the alarm alert');
			expect(fired).toMatchObject({resourceName: 'web-cpu-high', severity: 'high', message: `web-cpu-high: ${reason}`});

			Object.assign(west.alarms![0]!, {state: 'OK', reason: 'Threshold Crossed: 1 datapoint [20.0] was not greater than the threshold (80.0).'});
			aws.provider.refresh();
			const resolved = await until(() => events.find(event => event.type === 'resolved' && event.alert.rule === 'cloudwatch.alarm'), 'the alert resolved');
			expect(resolved.alert).toMatchObject({id: fired.id, resourceName: 'web-cpu-high', state: 'resolved'});
			expect(alarmAlerts()).toEqual([]);
			expect(events.filter(event => event.alert.rule === 'cloudwatch.alarm').map(event => event.type)).toEqual(['fired', 'resolved']);
		} finally {
			controller.abort();
		}
	});
});
