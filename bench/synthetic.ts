import {resourceId, type Resource} from '../source/model.js';

const TYPES = [
	['aws', 'ec2:instance'],
	['aws', 'ec2:security-group'],
	['aws', 's3:bucket'],
	['aws', 'rds:db'],
	['docker', 'container'],
	['docker', 'image'],
	['host', 'process'],
] as const;
const ENVIRONMENTS = ['prod', 'staging', 'dev', 'qa'];
const SERVICES = ['payments', 'checkout', 'search', 'auth', 'ledger', 'billing', 'catalog', 'notify'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

/**
 * A deterministic mixed inventory with realistic names and tags, for benchmarks only: it is never a provider
 * a user can select.
 */
export function syntheticInventory(count: number): Resource[] {
	const resources: Resource[] = [];
	for (let i = 0; i < count; i++) {
		const [provider, type] = TYPES[i % TYPES.length]!;
		const environment = ENVIRONMENTS[i % ENVIRONMENTS.length]!;
		const service = SERVICES[(i >> 3) % SERVICES.length]!;
		const region = REGIONS[i % REGIONS.length]!;
		const nativeId = `${type.replace(/[^a-z]/g, '').slice(0, 3)}-${i.toString(16).padStart(8, '0')}`;
		resources.push({
			id: resourceId(provider, region, type, nativeId),
			provider,
			scope: region,
			type,
			nativeId,
			name: `${environment}-${service}-${i}`,
			state: i % 11 === 0 ? 'stopped' : 'running',
			tags: {Environment: environment, Service: service, Owner: `team-${service}`, CostCenter: String(1000 + (i % 40))},
			attributes: {region, size: (i % 5) + 1},
			metrics: {cpu: (i * 7) % 100, memory: (i * 13) % 100},
		});
	}
	return resources;
}
