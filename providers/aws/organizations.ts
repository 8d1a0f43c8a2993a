import type {Capabilities} from '../../source/guard.js';
import type {FleetCount} from '../../source/model.js';
import {AccountClients, type ClientOptions} from './clients.js';
import type {AwsOrganization} from './settings.js';

/** How one account's last scan went: every region read, some, or none (its role could not be assumed, say). */
export type AccountOutcome = 'read' | 'partial' | 'failed';

/** A member account as ListAccounts names it. */
interface Member {
	id: string;
	name: string;
	/** arn:PARTITION:organizations::MANAGEMENT:account/o-ORG/ID */
	arn: string;
}

// Organizations answers from one endpoint per partition whatever the region; this one is the commercial partition's.
const COMMERCIAL_REGION = 'us-east-1';

/**
 * One organization's member accounts, listed anew on every scan. Each ACTIVE member is scanned through the member
 * role, assumed with the lister's credentials; the lister's own account (the management account, or a delegated
 * administrator) is scanned with the lister's credentials as they are, since the member role is seldom made there.
 */
export class Organization {
	readonly lister: AccountClients;
	/** The member accounts' clients by account id, kept while the account stays ACTIVE so its role is assumed once. */
	private readonly members = new Map<string, AccountClients>();
	private organizationId: string | undefined;
	/** Whether ListAccounts has ever answered; until then there are no members to count. */
	private listed = false;

	constructor(
		private readonly settings: AwsOrganization,
		private readonly options: ClientOptions,
		private readonly capabilities: Capabilities,
	) {
		this.lister = new AccountClients(settings.lister, options, capabilities);
	}

	/** The name in the header and the status line: the configured one, else the organization's id. */
	get label(): string {
		return this.settings.name ?? this.organizationId ?? this.settings.lister.label;
	}

	/** The accounts to scan, as of the last list. */
	accounts(): AccountClients[] {
		return [...this.members.values()];
	}

	/**
	 * Lists the accounts, paged to the end. A member no longer listed ACTIVE (suspended, closing, closed, or gone
	 * from the organization) is dropped; its clients are returned, to be destroyed once the scanner has forgotten
	 * them. A failure throws and leaves the last list standing, so a throttled ListAccounts does not empty the fleet.
	 */
	async refresh(): Promise<AccountClients[]> {
		const regions = this.settings.lister.regions;
		const region = Array.isArray(regions) ? regions[0]! : COMMERCIAL_REGION;
		const [members, listerId] = await Promise.all([listActiveMembers(await this.lister.organizationsClient(region)), this.lister.id(Array.isArray(regions) ? regions[0] : undefined)]);
		this.listed = true;
		this.organizationId = members.map(member => /:account\/(o-[a-z0-9]+)\//.exec(member.arn)?.[1]).find(Boolean) ?? this.organizationId;
		const dropped: AccountClients[] = [];
		const active = new Set(members.map(member => member.id));
		for (const [id, clients] of this.members) {
			if (active.has(id)) continue;
			this.members.delete(id);
			dropped.push(clients);
		}
		for (const member of members) if (!this.members.has(member.id)) this.members.set(member.id, this.memberClients(member, member.id === listerId));
		return dropped;
	}

	/** This organization's line in the fleet summary: its members by how their last scan went. */
	count(outcomes: ReadonlyMap<AccountClients, AccountOutcome>): FleetCount {
		const counts: Record<AccountOutcome, number> = {read: 0, partial: 0, failed: 0};
		for (const clients of this.members.values()) counts[outcomes.get(clients) ?? 'failed']++;
		return {group: this.label, noun: 'accounts', total: this.listed ? this.members.size : undefined, counts};
	}

	destroy(): void {
		for (const clients of this.members.values()) clients.destroy();
		this.lister.destroy();
	}

	/** A member's clients, under the name Organizations gives it; `own` is the lister's account, reached without a role. */
	private memberClients(member: Member, own: boolean): AccountClients {
		const partition = member.arn.split(':')[1] ?? 'aws';
		const role = own ? {} : {roleArn: `arn:${partition}:iam::${member.id}:role/${this.settings.memberRole}`, externalId: this.settings.memberExternalId};
		const account = {label: member.name, ...role, regions: this.settings.lister.regions};
		return new AccountClients(account, this.options, this.capabilities, this.lister.credentials);
	}
}

/** Every account ListAccounts names, paged to the end, less those not ACTIVE: a closed account cannot be read. */
async function listActiveMembers(client: Awaited<ReturnType<AccountClients['organizationsClient']>>): Promise<Member[]> {
	const {paginateListAccounts} = await import('./sdk/organizations.js');
	const members: Member[] = [];
	for await (const page of paginateListAccounts({client}, {})) {
		for (const account of page.Accounts ?? []) {
			// State replaces the deprecated Status; an organization may still answer with Status alone.
			if ((account.State ?? account.Status) !== 'ACTIVE' || !account.Id) continue;
			members.push({id: account.Id, name: account.Name || account.Id, arn: account.Arn ?? ''});
		}
	}
	return members;
}
