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
	const parents = new Map<ProviderStatus, {parent: string; noun: string}>();
	const reported = new Set<string>();
	const unreported = new Map<string, ProviderStatus[]>();
	for (const status of statuses) {
		const fleet = fleetOf(providerOf(status.provider));
		const parent = fleet?.parentOf(status.provider);
		if (fleet && parent !== undefined) parents.set(status, {parent, noun: fleet.noun});
		else reported.add(status.provider);
	}
	for (const [status, {parent}] of parents) if (!reported.has(parent)) unreported.set(parent, [...(unreported.get(parent) ?? []), status]);
	// In the order the statuses come: a parent's line where it (or, for a parent that reports nothing itself, its
	// first member) comes, and each member counted under it.
	const lines = new Map<string, StatusLine>();
	const result: StatusLine[] = [];
	for (const status of statuses) {
		const member = parents.get(status);
		if (!member) {
			const line: StatusLine = lines.get(status.provider) ?? {status};
			line.status = status;
			if (!lines.has(status.provider)) result.push(line);
			lines.set(status.provider, line);
			continue;
		}
		const siblings = unreported.get(member.parent);
		// A lone member of a parent that reports nothing keeps its own line, so nothing is hidden.
		if (siblings?.length === 1) {
			result.push({status});
			continue;
		}
		let line = lines.get(member.parent);
		if (!line) {
			// Several members of a parent that reports nothing itself (Docker's engines) are one line, counted by
			// health, under the worst of them; a parent that reports comes later and takes its own place in the line.
			line = {status: siblings ? worstOf(member.parent, siblings) : {provider: member.parent, health: 'connecting', updatedAt: status.updatedAt}};
			lines.set(member.parent, line);
			result.push(line);
		}
		line.members ??= {noun: member.noun, up: 0, down: 0, connecting: 0};
		if (status.health === 'ok') line.members.up++;
		else if (status.health === 'connecting') line.members.connecting++;
		else line.members.down++;
	}
	return result;
}

const HEALTH_ORDER: Record<ProviderStatus['health'], number> = {ok: 0, connecting: 1, degraded: 2, unavailable: 3};

/** A line for members whose parent says nothing itself: the worst member's health, and its reason under its name. */
function worstOf(parent: string, statuses: readonly ProviderStatus[]): ProviderStatus {
	const worst = statuses.reduce((a, b) => (HEALTH_ORDER[b.health] > HEALTH_ORDER[a.health] ? b : a));
	return {
		provider: parent,
		health: worst.health,
		...(worst.reason ? {reason: `${worst.provider}: ${worst.reason}`} : {}),
		updatedAt: Math.max(...statuses.map(status => status.updatedAt)),
	};
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
