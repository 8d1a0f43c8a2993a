import type {AttributeValue} from '../model.js';
import type {StatusRule} from './types.js';

export function providerRules(): StatusRule[] {
	return [
		{
			id: 'provider.unreachable',
			kind: 'alert',
			severity: 'critical',
			forMs: 0,
			// Gone mid-session (degraded) is the same incident as never there (unavailable); a scan that read only
			// part of what it covers says which part in its reason.
			test: status => (status.health === 'unavailable' || status.health === 'degraded' ? `unreachable: ${status.reason ?? 'no reason given'}` : undefined),
		},
	];
}

export function stringList(value: AttributeValue | undefined): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
