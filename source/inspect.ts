import type {Resource} from './model.js';
import type {Provider} from './provider.js';
import {hideDigests, redactDocument} from './secrets.js';

/**
 * The resource as its backend describes it, as lines of pretty JSON with its secrets hidden, read through its
 * provider as logs are: undefined where the provider has no description of it. A view shows a screen, not a
 * diff, so a hidden value's digest is taken off too.
 */
export async function inspectLines(providers: readonly Provider[], resource: Resource, signal: AbortSignal): Promise<string[] | undefined> {
	const provider = providers.find(candidate => candidate.name === resource.provider);
	const described = provider?.inspect?.(resource, signal);
	if (!described) return undefined;
	return hideDigests(JSON.stringify(redactDocument(await described), null, 2)).split('\n');
}
