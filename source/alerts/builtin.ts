import type {AttributeValue} from '../model.js';
import type {StatusRule} from './types.js';

export function providerRules(): StatusRule[] {
	return [
		{
			id: 'provider.unreachable',
			kind: 'alert',
			severity: 'critical',
			forMs: 0,
			test: status => (status.health === 'unavailable' ? `unreachable: ${status.reason ?? 'no reason given'}` : undefined),
		},
	];
}

export function stringList(value: AttributeValue | undefined): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
