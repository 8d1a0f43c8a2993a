import {DescribeInstanceAttributeCommand} from '@aws-sdk/client-ec2';
import type {ProtectTag} from './settings.js';
import {normalState} from '../../source/kinds.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import type {AccountClients} from './clients.js';
import type {AwsMutations, InstanceVerb, RdsVerb} from './mutations.js';
import {protectedBy} from './protect.js';
import {RDS_CLUSTER, RDS_DATABASE} from './service-types.js';
import {parseTagEdit, TAG_EDIT_SYNTAX} from './tag-edit.js';

export interface ActionContext {
	mutations: AwsMutations;
	protectTags: readonly ProtectTag[];
	clientsFor(accountId: string): AccountClients | undefined;
	/** Asks for a scan soon, so the table shows what the action did. */
	changed(): void;
	/** Follows an instance through pending, stopping or shutting-down until it settles. */
	settle(resource: Resource): void;
}

const INSTANCE_VERBS: Array<{id: ActionId; verb: InstanceVerb}> = [
	{id: 'start', verb: 'start'},
	{id: 'stop', verb: 'stop'},
	{id: 'restart', verb: 'reboot'},
	{id: 'delete', verb: 'terminate'},
];

function where(resource: Resource, context: ActionContext): {clients: AccountClients; region: string} {
	const clients = context.clientsFor(String(resource.attributes.account));
	if (!clients) throw new Error(`no credentials for account ${String(resource.attributes.account)}; refresh with ctrl-r and try again`);
	// A region-less resource (an S3 bucket) is reached through the region whose tagging API listed it.
	return {clients, region: String(resource.attributes.taggingRegion ?? resource.attributes.region)};
}

function instanceAction(resource: Resource, id: ActionId, verb: InstanceVerb, context: ActionContext): ProviderAction {
	const instanceId = resource.nativeId;
	const label = `${verb} instance ${resource.name}${resource.name === instanceId ? '' : ` (${instanceId})`}`;
	const guard = verb === 'terminate' ? protectedBy(resource, context.protectTags) : undefined;
	if (guard) {
		const tag = guard.value === undefined ? guard.key : `${guard.key}=${guard.value}`;
		// Refused before anything is asked or sent: the tag says this instance is not to be terminated from here.
		return {id, label, mutates: true, confirm: 'none', run: () => Promise.reject(new Error(`refused to terminate ${resource.name}: it carries the protection tag ${tag}`))};
	}
	return {
		id,
		label,
		mutates: true,
		confirm: verb === 'terminate' ? 'typed' : 'yes',
		async run() {
			const {clients, region} = where(resource, context);
			const client = clients.ec2Client(region);
			if (verb === 'terminate') {
				const {DisableApiTermination} = await client.send(new DescribeInstanceAttributeCommand({InstanceId: instanceId, Attribute: 'disableApiTermination'}));
				if (DisableApiTermination?.Value) throw new Error(`refused to terminate ${resource.name}: termination protection is on (disableApiTermination)`);
			}
			const change = await context.mutations.instance(client, verb, instanceId);
			context.settle(resource);
			if (!change) return `${verb} sent to ${resource.name}`;
			return `${resource.name}: ${change.PreviousState?.Name ?? '?'} → ${change.CurrentState?.Name ?? '?'}`;
		},
	};
}

const RDS_VERBS: Array<{id: ActionId; verb: RdsVerb; from: readonly string[]}> = [
	{id: 'start', verb: 'start', from: ['stopped']},
	{id: 'stop', verb: 'stop', from: ['available']},
	{id: 'restart', verb: 'reboot', from: ['available']},
];

/**
 * Start, stop and reboot of a database, start and stop of a cluster (RDS reboots a cluster's instances, not the
 * cluster), each offered only from a state RDS accepts it in, since RDS refuses the rest.
 */
function rdsActions(resource: Resource, context: ActionContext): ProviderAction[] {
	const what = resource.type === RDS_CLUSTER ? 'cluster' : 'database';
	const state = normalState(resource.state);
	return RDS_VERBS.filter(({verb, from}) => from.includes(state) && !(verb === 'reboot' && resource.type === RDS_CLUSTER)).map(({id, verb}) => ({
		id,
		label: `${verb} ${what} ${resource.name}`,
		mutates: true,
		confirm: 'yes',
		async run() {
			const {clients, region} = where(resource, context);
			const status = await context.mutations.rds(clients, region, {type: resource.type, id: resource.nativeId}, verb);
			context.changed();
			return `${resource.name}: ${resource.state} → ${status ?? '?'}`;
		},
	}));
}

function tagAction(resource: Resource, context: ActionContext): ProviderAction {
	const arn = String(resource.attributes.arn);
	const current = Object.entries(resource.tags)
		.map(([key, value]) => `${key}=${value}`)
		.join(', ');
	return {
		id: 'tags',
		label: `edit tags of ${resource.name}`,
		mutates: true,
		confirm: 'none',
		input: {prompt: `Tags of ${resource.name}: ${TAG_EDIT_SYNTAX} · now ${current || 'none'}`, initial: ''},
		async run(input = '') {
			const edit = parseTagEdit(input);
			const {clients, region} = where(resource, context);
			const client = clients.taggingClient(region);
			const keys = Object.keys(edit.set);
			if (keys.length > 0) await context.mutations.tag(client, arn, edit.set);
			if (edit.remove.length > 0) await context.mutations.untag(client, arn, edit.remove);
			context.changed();
			return `${resource.name}: ${[...keys.map(key => `set ${key}`), ...edit.remove.map(key => `removed ${key}`)].join(', ')}`;
		},
	};
}

/** What can be done to an AWS resource: instances start, stop, reboot and terminate; RDS starts, stops and reboots; anything with an ARN takes tags. */
export function awsActions(resource: Resource, context: ActionContext): ProviderAction[] {
	const actions: ProviderAction[] = [];
	if (resource.type === 'ec2:instance' && !resource.state.startsWith('terminated')) {
		for (const {id, verb} of INSTANCE_VERBS) actions.push(instanceAction(resource, id, verb, context));
	}
	if (resource.type === RDS_DATABASE || resource.type === RDS_CLUSTER) actions.push(...rdsActions(resource, context));
	if (typeof resource.attributes.arn === 'string') actions.push(tagAction(resource, context));
	return actions;
}
