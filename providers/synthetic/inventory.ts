import {resourceId, type Resource} from '../../source/model.js';

/** Provider, type, the states it cycles through, and where its resources live. */
const TYPES = [
	{provider: 'aws', type: 'ec2:instance', states: ['running', 'running', 'running', 'stopped', 'pending']},
	{provider: 'aws', type: 'ec2:security-group', states: ['available']},
	{provider: 'aws', type: 's3:bucket', states: ['available']},
	{provider: 'aws', type: 'rds:db', states: ['available', 'available', 'backing-up', 'stopped']},
	{provider: 'aws', type: 'lambda:function', states: ['active']},
	{provider: 'docker', type: 'container', states: ['running', 'running', 'running', 'exited', 'paused', 'restarting']},
	{provider: 'docker', type: 'image', states: ['present']},
	{provider: 'docker', type: 'volume', states: ['in use', 'unused']},
	{provider: 'docker', type: 'network', states: ['active']},
	{provider: 'host', type: 'process', states: ['sleeping', 'sleeping', 'running']},
] as const;
const ENVIRONMENTS = ['prod', 'staging', 'dev', 'qa'];
const SERVICES = ['payments', 'checkout', 'search', 'auth', 'ledger', 'billing', 'catalog', 'notify', 'gateway', 'reports', 'inventory', 'shipping'];
const ACCOUNTS = ['prod', 'staging', 'shared'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'eu-central-1'];
// One string a scope, as a provider names the account and region once for all it reads there.
const AWS_SCOPES = ACCOUNTS.map(account => REGIONS.map(region => [account, region].join('/')));
const ENGINES = ['local', 'build-01', 'edge-eu', 'edge-us'];
// Other machines' processes: the scope of the real host provider's own ("local") is left to it.
const HOSTS = ['web-01', 'web-02', 'batch-01', 'db-01'];
const ROLES = ['api', 'worker', 'db', 'cache', 'web', 'cron'];

/**
 * A deterministic mixed inventory with realistic names, scopes and tags, for the bench and the bench aid only.
 * `round` changes the volatile readings, as a refresh would; `first` is the index of its first resource, for a
 * page of a larger one.
 */
export function syntheticInventory(count: number, round = 0, first = 0): Resource[] {
	const resources: Resource[] = [];
	for (let i = first; i < first + count; i++) resources.push(syntheticResource(i, round));
	return resources;
}

/** The `i`th resource of a synthetic inventory, with its readings at `round`. */
export function syntheticResource(i: number, round = 0): Resource {
	const kind = TYPES[i % TYPES.length]!;
	const environment = ENVIRONMENTS[(i >> 2) % ENVIRONMENTS.length]!;
	const service = SERVICES[(i >> 4) % SERVICES.length]!;
	const role = ROLES[(i >> 1) % ROLES.length]!;
	const scope = kind.provider === 'aws' ? AWS_SCOPES[i % ACCOUNTS.length]![(i >> 3) % REGIONS.length]! : kind.provider === 'docker' ? ENGINES[(i >> 5) % ENGINES.length]! : HOSTS[(i >> 6) % HOSTS.length]!;
	const nativeId = [kind.type.replace(/[^a-z]/g, '').slice(0, 3), i.toString(16).padStart(8, '0')].join('-');
	const tags: Record<string, string> =
		kind.provider === 'docker'
			? {'com.docker.compose.project': [service, environment].join('-'), 'com.docker.compose.service': role, maintainer: ['team', service].join('-')}
			: {Environment: environment, Service: service, Name: [environment, service, role].join('-'), Owner: ['team', service].join('-'), CostCenter: String(1000 + (i % 40))};
	return {
		id: resourceId(kind.provider, scope, kind.type, nativeId),
		provider: kind.provider,
		scope,
		type: kind.type,
		nativeId,
		// Every string is joined, as a provider's parsed strings are flat: a template's result is a tree of its
		// parts, which sorting 100,000 names flattened over and over (about half the first sort's time), and which
		// held 23 MB more than the same strings flat.
		name: [environment, service, role, i].join('-'),
		state: kind.states[(i >> 3) % kind.states.length]!,
		tags: kind.provider === 'host' ? {} : tags,
		attributes: {size: (i % 5) + 1, pid: i + 100, user: i % 3 === 0 ? 'root' : 'app', image: ['registry.example.com/', service, ':', 1 + (i % 9), '.', i % 4].join('')},
		metrics: {cpu: ((i * 7 + round * 13) % 1000) / 10, memory: ((i * 13) % 1000) / 10},
	};
}
