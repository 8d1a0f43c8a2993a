import type Docker from 'dockerode';
import {nameList} from '../../source/action-request.js';
import {compareText} from '../../source/compare-text.js';
import {formatBytes} from '../../source/format.js';
import {ReadOnlyError, type Capabilities} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import type {ListedType} from './engine-watch.js';
import {engineMessage} from './errors.js';

/** What the image, volume and network actions read of one engine: its client, its lists and who uses what. */
export interface StorageEngine {
	docker: Docker;
	engine: string;
	listed(type: ListedType): readonly Resource[];
	usersOf(resource: Resource): Resource[];
	relist(type: ListedType): Promise<void>;
	capabilities: Capabilities;
}

/** What a typed confirmation of a prune must match: a prune is of a set, not of the row it was asked on. */
export const PRUNE_ANSWER = 'prune';

/** The engine's own networks, which it never removes. */
const PREDEFINED_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);

const PREVIEW_LINES = 8;

const size = (resource: Resource): number => (typeof resource.attributes.size === 'number' ? resource.attributes.size : 0);

/** Removes one image by each of its tags, the last of which deletes it, or by id when it has none; never forced. */
async function removeImage(docker: Docker, image: Resource): Promise<void> {
	const tags = (image.attributes.repoTags as string[] | undefined) ?? [];
	if (tags.length === 0) await docker.getImage(image.nativeId).remove();
	for (const tag of tags) await docker.getImage(tag).remove();
}

function removeOne(target: StorageEngine, resource: Resource): Promise<unknown> {
	const {docker} = target;
	if (resource.type === 'image') return removeImage(docker, resource);
	if (resource.type === 'volume') return docker.getVolume(resource.name).remove();
	return docker.getNetwork(resource.nativeId).remove();
}

/** "used by containers web, db": what stops a removal, from the engine's own containers. */
function usedBy(target: StorageEngine, resource: Resource): string | undefined {
	const users = target.usersOf(resource);
	return users.length > 0 ? `used by ${users.length === 1 ? 'container' : 'containers'} ${nameList(users)}` : undefined;
}

/** Removes one resource, turning the engine's refusal into a line that says which containers stand in the way. */
async function remove(target: StorageEngine, resource: Resource): Promise<void> {
	try {
		await removeOne(target, resource);
	} catch (error) {
		if (error instanceof ReadOnlyError) throw error;
		const status = (error as {statusCode?: number}).statusCode;
		if (status === 404) throw new Error(`cannot remove ${resource.type} ${resource.name}: it no longer exists on engine ${target.engine}`);
		const users = status === 409 || status === 403 ? usedBy(target, resource) : undefined;
		throw new Error(`cannot remove ${resource.type} ${resource.name}: ${users ?? engineMessage(error)}`);
	}
}

function removeAction(target: StorageEngine, resource: Resource): ProviderAction {
	const users = usedBy(target, resource);
	const label = `remove ${resource.type} ${resource.name}`;
	return {
		id: 'delete',
		label: users ? `${label} (${users}: the engine will refuse)` : label,
		mutates: true,
		confirm: 'typed',
		run: async () => {
			// An image in use is refused here, before any of its tags is taken off; read-only mode says so first.
			if (target.capabilities.readOnly) throw new ReadOnlyError(label);
			const inUse = resource.type === 'image' ? usedBy(target, resource) : undefined;
			if (inUse) throw new Error(`cannot remove image ${resource.name}: ${inUse}`);
			try {
				await remove(target, resource);
			} finally {
				await target.relist(resource.type as ListedType).catch(() => undefined);
			}
			return `removed ${resource.type} ${resource.name}`;
		},
	};
}

interface Prune {
	id: ActionId;
	/** "dangling images": what is pruned, for the label and the message. */
	what: string;
	type: ListedType;
	chosen(target: StorageEngine): Resource[];
}

const unused = (target: StorageEngine, resource: Resource) => target.usersOf(resource).length === 0;

const PRUNES: readonly Prune[] = [
	{
		id: 'prune',
		what: 'dangling images',
		type: 'image',
		chosen: target => target.listed('image').filter(image => ((image.attributes.repoTags as string[] | undefined) ?? []).length === 0 && unused(target, image)),
	},
	{id: 'pruneUnused', what: 'unused images', type: 'image', chosen: target => target.listed('image').filter(image => unused(target, image))},
	{id: 'prune', what: 'unused volumes', type: 'volume', chosen: target => target.listed('volume').filter(volume => unused(target, volume))},
	{
		id: 'prune',
		what: 'unused networks',
		type: 'network',
		chosen: target => target.listed('network').filter(network => !PREDEFINED_NETWORKS.has(network.name) && unused(target, network)),
	},
];

/** "3 images, up to 1.2 GiB": the count, and for images the space their removal frees at most. */
function amount(type: ListedType, chosen: readonly Resource[]): string {
	const count = `${chosen.length} ${chosen.length === 1 ? type : `${type}s`}`;
	if (type === 'image') {
		// Images share layers: what goes is at most their sizes summed, and exactly that when they share none.
		return `${count}, freeing up to ${formatBytes(chosen.reduce((sum, image) => sum + size(image), 0))}`;
	}
	if (type === 'volume') return `${count}; the engine reports no volume sizes, so the space freed is whatever they hold`;
	return `${count}; networks hold no disk space`;
}

function previewOf(type: ListedType, chosen: readonly Resource[]): string[] {
	const lines = chosen.slice(0, PREVIEW_LINES).map(resource => (type === 'image' ? `${resource.name}  ${formatBytes(size(resource))}` : resource.name));
	if (chosen.length > PREVIEW_LINES) lines.push(`and ${chosen.length - PREVIEW_LINES} more`);
	return [`removes ${amount(type, chosen)}:`, ...lines];
}

/**
 * Removes exactly what the preview showed, one call each, never forced, rather than asking the engine to
 * prune: the engine would decide again, and what went could differ from what the user confirmed. Newest
 * first, so an image goes before the image it was built on.
 */
function pruneAction(target: StorageEngine, prune: Prune, chosen: Resource[]): ProviderAction {
	const label = `prune ${prune.what} on engine ${target.engine}`;
	const ordered = [...chosen].sort((a, b) => compareText(String(b.attributes.created ?? ''), String(a.attributes.created ?? '')));
	return {
		id: prune.id,
		label,
		mutates: true,
		confirm: 'typed',
		answer: PRUNE_ANSWER,
		preview: previewOf(prune.type, chosen),
		run: async () => {
			const removed: Resource[] = [];
			const failed: string[] = [];
			try {
				for (const resource of ordered) {
					try {
						await remove(target, resource);
						removed.push(resource);
					} catch (error) {
						if (error instanceof ReadOnlyError) throw error;
						failed.push((error as Error).message);
					}
				}
			} finally {
				await target.relist(prune.type).catch(() => undefined);
			}
			if (failed.length > 0) throw new Error(`removed ${removed.length} of ${ordered.length}; ${failed.join('; ')}`);
			return `pruned ${amount(prune.type, removed).split(';')[0]}`;
		},
	};
}

/** An image's, volume's or network's actions: remove it by its name typed, and prune its kind on its engine. */
export function storageActions(target: StorageEngine, resource: Resource): ProviderAction[] {
	const actions = [removeAction(target, resource)];
	for (const prune of PRUNES) {
		if (prune.type !== resource.type) continue;
		const chosen = prune.chosen(target);
		if (chosen.length > 0) actions.push(pruneAction(target, prune, chosen));
	}
	return actions;
}

/** Why a prune key does nothing here: there is nothing of that kind to prune. */
export function storageWhyNot(target: StorageEngine, resource: Resource, id: ActionId): string | undefined {
	const prune = PRUNES.find(candidate => candidate.id === id && candidate.type === resource.type);
	return prune ? `no ${prune.what} on engine ${target.engine}` : undefined;
}
