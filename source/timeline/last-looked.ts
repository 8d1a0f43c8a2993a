import {statusCovers} from '../collect.js';
import type {ProviderStatus, Resource} from '../model.js';
import {loadSnapshot, saveSnapshot, SnapshotError, type Snapshot} from '../snapshots.js';

/** The picture opsdeck keeps of the inventory on exit, in the state directory apart from the user's snapshots. */
export const LAST_LOOKED = 'last-looked';

const read = (status: ProviderStatus) => status.health === 'ok' || status.health === 'degraded';

/** The picture kept at the last exit; none the first time, and a damaged one is named and not compared. */
export async function loadLastLooked(stateDir: string): Promise<{snapshot?: Snapshot; problem?: string}> {
	try {
		return {snapshot: await loadSnapshot(stateDir, LAST_LOOKED)};
	} catch (error) {
		const message = (error as Error).message;
		if (error instanceof SnapshotError && message.startsWith('no snapshot named')) return {};
		return {problem: `the picture kept at the last exit could not be read (${message}); changes made while opsdeck was closed are not listed this time`};
	}
}

/**
 * Keeps the inventory as it stands for the next start to compare with. What a provider cannot read on exit
 * is kept as the store last read it; one it never read this time is carried over from the previous picture,
 * so a provider that never answered leaves its last known picture rather than an empty one that would read as
 * everything added. A status with neither is named missing, and the next start does not compare it.
 */
export async function keepLastLooked(stateDir: string, resources: readonly Resource[], statuses: readonly ProviderStatus[], previous: Snapshot | undefined, now = Date.now()): Promise<void> {
	const unread = statuses.filter(status => !read(status));
	const heldNow = (status: ProviderStatus) => resources.some(resource => statusCovers(status, resource));
	const heldBefore = (status: ProviderStatus) => previous !== undefined && !previous.missing.includes(status.provider) && previous.resources.some(resource => statusCovers(status, resource));
	const carriedFor = unread.filter(status => !heldNow(status));
	const carried = previous ? previous.resources.filter(resource => carriedFor.some(status => statusCovers(status, resource))) : [];
	const missing = carriedFor.filter(status => !heldBefore(status)).map(status => status.provider);
	await saveSnapshot(stateDir, LAST_LOOKED, [...resources, ...carried], now, {missing, force: true});
}
