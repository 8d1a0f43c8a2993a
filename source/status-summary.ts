import {fleetOf} from './kinds.js';
import type {FleetCount, ProviderStatus} from './model.js';

/** One line of the provider summary: a status, and the members counted under it where it has any. */
export interface StatusLine {
	status: ProviderStatus;
	/** Its members by health, where its provider reports one status per member (a Prometheus server's hosts). */
	members?: {noun: string; up: number; down: number; connecting: number};
}

/** The provider of a status name: `prometheus` for `prometheus:lab/10.0.0.7:9100`. */
function providerOf(name: string): string {
	const colon = name.indexOf(':');
	return colon === -1 ? name : name.slice(0, colon);
}

/**
 * The statuses as the header and the on-call view show them: one line each, except that a member of a fleet
 * (a host behind a Prometheus server) is counted up or down under its parent's line. A member whose parent is
 * not reported keeps a line of its own, so nothing is hidden.
 */
export function summarizeStatuses(statuses: readonly ProviderStatus[]): StatusLine[] {
	const lines = new Map<string, StatusLine>();
	const members: Array<[string, ProviderStatus, string]> = [];
	for (const status of statuses) {
		const fleet = fleetOf(providerOf(status.provider));
		const parent = fleet?.parentOf(status.provider);
		if (fleet && parent !== undefined) members.push([parent, status, fleet.noun]);
		else lines.set(status.provider, {status});
	}
	const orphans: StatusLine[] = [];
	for (const [parent, status, noun] of members) {
		const line = lines.get(parent);
		if (!line) {
			orphans.push({status});
			continue;
		}
		line.members ??= {noun, up: 0, down: 0, connecting: 0};
		if (status.health === 'ok') line.members.up++;
		else if (status.health === 'connecting') line.members.connecting++;
		else line.members.down++;
	}
	return [...lines.values(), ...orphans];
}

/** The counts of a line's members in words: `998 hosts up, 2 down`. */
export function membersText(members: NonNullable<StatusLine['members']>): string {
	return `${members.up} ${members.noun} up, ${members.down} down${members.connecting > 0 ? `, ${members.connecting} connecting` : ''}`;
}

/**
 * A provider's own fleet count in one phrase per group, `acme 12 accounts: 11 read, 1 failed`: for fleets the
 * provider counts itself (an organization's accounts by how their scan went) rather than as member statuses.
 */
function fleetText(fleet: readonly FleetCount[]): string {
	return fleet
		.map(({group, noun, total, counts}) => {
			if (total === undefined) return `${group} ${noun}: not listed yet`;
			const states = Object.entries(counts)
				.filter(([, count]) => count > 0)
				.map(([state, count]) => `${count} ${state}`);
			return `${group} ${total} ${noun}${states.length > 0 ? `: ${states.join(', ')}` : ''}`;
		})
		.join('; ');
}

/** Everything a line counts, in words, for the header and the on-call view alike; undefined where it counts nothing. */
export function countsText(line: StatusLine): string | undefined {
	const parts = [line.members && membersText(line.members), line.status.fleet && line.status.fleet.length > 0 ? fleetText(line.status.fleet) : undefined].filter(Boolean);
	return parts.length > 0 ? parts.join('; ') : undefined;
}
