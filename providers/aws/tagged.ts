import {paginateGetResources, type ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';
import {arnType, parseArn} from './arn.js';
import {tagMap, type AwsItem} from './ec2.js';

/**
 * Every tagged resource of every service in one region, from the Resource Groups Tagging API. It never lists
 * untagged resources, and tells nothing of state, so EC2's own reads stay the source for EC2.
 */
export async function readTagged(client: ResourceGroupsTaggingAPIClient, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateGetResources({client, pageSize}, {})) {
		for (const mapping of page.ResourceTagMappingList ?? []) {
			const arn = mapping.ResourceARN && parseArn(mapping.ResourceARN);
			if (!arn) continue;
			const tags = tagMap(mapping.Tags);
			items.push({
				arn: mapping.ResourceARN!,
				type: arnType(arn),
				nativeId: arn.resourceId,
				name: tags.Name || arn.resourceId,
				state: '',
				tags,
				attributes: {service: arn.service, resourceType: arn.resourceType},
				raw: mapping,
			});
		}
	}
	return items;
}
