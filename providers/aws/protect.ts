import type {AwsSettings, ProtectTag} from './settings.js';
import type {Resource} from '../../source/model.js';

/**
 * The protect tags in what a restore hands a kind's guard: the AWS settings. Anything else is a mistake in the
 * caller, and a guard that protected nothing would let a restore terminate what the user protected.
 */
export function protectTagsOf(settings: unknown): readonly ProtectTag[] {
	const tags = (settings as Partial<AwsSettings> | undefined)?.protectTags;
	if (!Array.isArray(tags)) throw new Error('the restore guard was given no AWS settings to read the protect tags from');
	return tags;
}

/** The protect tag a resource carries, which keeps it from being terminated; no SDK, so restore plans can ask. */
export function protectedBy(resource: Pick<Resource, 'tags'>, protectTags: readonly ProtectTag[]): ProtectTag | undefined {
	return protectTags.find(tag => tag.key in resource.tags && (tag.value === undefined || resource.tags[tag.key] === tag.value));
}
