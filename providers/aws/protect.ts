import type {ProtectTag} from './settings.js';
import type {Resource} from '../../source/model.js';

/** The protect tag a resource carries, which keeps it from being terminated; no SDK, so restore plans can ask. */
export function protectedBy(resource: Pick<Resource, 'tags'>, protectTags: readonly ProtectTag[]): ProtectTag | undefined {
	return protectTags.find(tag => tag.key in resource.tags && (tag.value === undefined || resource.tags[tag.key] === tag.value));
}
