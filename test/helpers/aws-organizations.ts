import type {AwsWorld} from './aws-world.js';
import {ApiError} from './aws-protocol.js';

/**
 * The test endpoint's AWS Organizations: ListAccounts over the JSON 1.1 protocol, answered only to the management
 * account, paged with tokens at the organization's page size. Apart from the endpoint so a service added there and
 * this one do not meet.
 */

/** An account's state as Organizations names it; only ACTIVE can be read. */
export type FakeAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface FakeOrganization {
	id: string;
	/** The account whose credentials may list the organization. */
	management: string;
	/** Every account the organization holds, as ListAccounts lists them; one removed from the organization is taken out. */
	members: Array<{id: string; name: string; state: FakeAccountState}>;
	/** Most accounts in one ListAccounts page, whatever MaxResults asks for (the real API's cap is 20). */
	pageSize: number;
}

export function organizations(action: string, body: Record<string, unknown>, world: AwsWorld, account: string): unknown {
	const organization = world.organization;
	if (!organization) throw new ApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
	if (account !== organization.management) throw new ApiError('AccessDeniedException', 'You don\'t have permissions to access this resource.');
	if (action !== 'ListAccounts') throw new ApiError('UnknownOperationException', `unknown operation ${action}`);
	const size = Math.min(Number(body.MaxResults ?? 20), organization.pageSize, 20);
	const start = body.NextToken ? Number(body.NextToken) : 0;
	const members = organization.members.slice(start, start + size);
	return {
		Accounts: members.map(member => ({
			Id: member.id,
			Arn: `arn:aws:organizations::${organization.management}:account/${organization.id}/${member.id}`,
			Email: `${member.name}@example.com`,
			Name: member.name,
			// The deprecated Status has no CLOSED: a closed account still says SUSPENDED there.
			Status: member.state === 'CLOSED' ? 'SUSPENDED' : member.state,
			State: member.state,
			JoinedMethod: 'CREATED',
			JoinedTimestamp: 1_780_000_000,
		})),
		...(start + size < organization.members.length ? {NextToken: String(start + size)} : {}),
	};
}
