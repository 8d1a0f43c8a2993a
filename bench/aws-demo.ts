import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startAwsEndpoint} from '../test/helpers/aws-endpoint.js';
import {createWorld, emptyRegion, endpointEnv, populatedRegion, TEST_ACCOUNT, withServices} from '../test/helpers/aws-world.js';

/**
 * A test aid, not a feature: opens the built dashboard against the local fake AWS endpoint (two regions with
 * instances, one that refuses with UnauthorizedOperation from the start and one that starts to after 8 s), with fake keys and a throwaway config and state, so
 * the AWS screens can be seen and captured without an AWS account. Five seconds in, someone opens RDP on the web
 * security group, and CloudTrail records who: ctrl-r, and the Timeline pane shows it. Extra arguments go to opsdeck.
 */
const regions = {
	'us-east-1': withServices(populatedRegion(TEST_ACCOUNT, 'us-east-1', 6, 1), 'us-east-1'),
	'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 3, 2),
	'ap-southeast-2': {...emptyRegion(), deny: true},
};
regions['us-east-1'].instances[0]!.tags['opsdeck:protect'] = 'true';
regions['us-east-1'].instances[1]!.protected = true;
// eu-west-1 starts refusing a few seconds in, so its rows turn stale at the next scan (ctrl-r).
setTimeout(() => (regions['eu-west-1'].deny = true), 8000).unref();
regions['us-east-1'].instances.forEach((instance, i) => (instance.tags.Owner = ['alice', 'bob', 'carol'][i % 3]!));
// A month's bill by owner and service, as Cost Explorer would answer it, with forecasts for the budgeted owners.
const cost = {
	tag: 'Owner',
	pageSize: 50,
	forecast: {alice: 260, bob: 40},
	lines: [
		{month: 'last' as const, owner: 'alice', service: 'Amazon Elastic Compute Cloud - Compute', amount: 312.4},
		{month: 'last' as const, owner: 'bob', service: 'Amazon Relational Database Service', amount: 96.1},
		{month: 'last' as const, owner: 'carol', service: 'AWS Lambda', amount: 12.75},
		{month: 'last' as const, owner: '', service: 'Amazon Simple Storage Service', amount: 41.2},
		{month: 'this' as const, owner: 'alice', service: 'Amazon Elastic Compute Cloud - Compute', amount: 201.33},
		{month: 'this' as const, owner: 'alice', service: 'Amazon Simple Storage Service', amount: 18.02},
		{month: 'this' as const, owner: 'bob', service: 'Amazon Relational Database Service', amount: 25.5},
		{month: 'this' as const, owner: 'carol', service: 'AWS Lambda', amount: 3.1},
		{month: 'this' as const, owner: '', service: 'Amazon Simple Storage Service', amount: 6.4},
	],
};
const endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions, cost}]));
setTimeout(() => {
	const group = regions['us-east-1'].securityGroups[0]!;
	group.ingress = [...group.ingress, {protocol: 'tcp', from: 3389, to: 3389, cidr: '0.0.0.0/0'}];
	endpoint.world.accounts[TEST_ACCOUNT]!.trailEvents = [
		{name: 'AuthorizeSecurityGroupIngress', region: 'us-east-1', resourceName: group.id, principal: `arn:aws:iam::${TEST_ACCOUNT}:user/alice`, time: Date.now()},
	];
}, 5000).unref();
const home = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-aws-demo-'));
const config = path.join(home, 'config.json');
writeFileSync(config, JSON.stringify({providers: ['host', 'aws'], aws: {regions: Object.keys(regions), refresh: 30, cloudTrail: true, cost: {budgets: [{value: 'alice', monthly: 400}]}}}));
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cli.js');
const child = spawn(cli, process.argv.slice(2), {
	stdio: 'inherit',
	env: {
		...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))),
		...endpointEnv(endpoint.url),
		OPSDECK_CONFIG: config,
		XDG_STATE_HOME: path.join(home, 'state'),
	},
});
child.on('exit', async code => {
	await endpoint.close();
	process.exit(code ?? 1);
});
