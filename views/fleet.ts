import type {FleetCount} from '../source/model.js';

/**
 * A provider's fleet in one phrase per group, `acme 12 accounts: 11 read, 1 failed`: the header and the on-call
 * view both say it this way. A state nothing is in is left out.
 */
export function fleetText(fleet: readonly FleetCount[] | undefined): string {
	return (fleet ?? [])
		.map(({group, noun, total, counts}) => {
			if (total === undefined) return `${group} ${noun}: not listed yet`;
			const states = Object.entries(counts)
				.filter(([, count]) => count > 0)
				.map(([state, count]) => `${count} ${state}`);
			return `${group} ${total} ${noun}${states.length > 0 ? `: ${states.join(', ')}` : ''}`;
		})
		.join('; ');
}
