import {EC2Client} from '@aws-sdk/client-ec2';
import {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';
import type {CostExplorerClient} from '@aws-sdk/client-cost-explorer';
import type {OrganizationsClient} from '@aws-sdk/client-organizations';
import type {S3Client} from '@aws-sdk/client-s3';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {fromIni, fromNodeProviderChain, fromTemporaryCredentials} from '@aws-sdk/credential-providers';
import type {AwsAccount} from './settings.js';
import type {Capabilities} from '../../source/guard.js';
import {requestPlacePlugin} from './errors.js';
import {guardPlugins, type ClientPlugin} from './read-only.js';

/** What every SDK client opsdeck makes shares. Tests point `endpoint` at a local server. */
export interface ClientOptions {
	endpoint?: string;
	maxAttempts?: number;
}

export type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

interface SdkClient {
	middlewareStack: {use(plugin: ClientPlugin): void};
	destroy(): void;
}

// STS is global, but a regional endpoint answers too; this one exists in every commercial account.
const STS_FALLBACK_REGION = 'us-east-1';
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * The one place an SDK client is constructed. In read-only mode the client carries the middleware that refuses any
 * command that is not a read, so a client added later gets the guard by being built here.
 */
export function createClient<Client extends SdkClient, Config>(Sdk: new (config: Config) => Client, config: Config, capabilities: Capabilities): Client {
	const client = new Sdk(config);
	for (const plugin of guardPlugins(capabilities)) client.middlewareStack.use(plugin);
	const {region} = config as {region?: unknown};
	if (typeof region === 'string') client.middlewareStack.use(requestPlacePlugin(region));
	return client;
}

/**
 * One account's credentials and clients. Credentials are resolved once and shared by every region's clients
 * (so an assumed role is assumed once, not once per region) and renewed shortly before they expire.
 */
export class AccountClients {
	readonly credentials: AwsCredentialIdentityProvider;
	/** Each SDK client class's clients, by region. */
	private readonly byClass = new Map<new (config: never) => SdkClient, Map<string, SdkClient>>();
	private accountId: Promise<string> | undefined;
	/** S3's clients by region, apart from the others because S3's SDK is loaded only when needed. */
	private readonly s3 = new Map<string, S3Client>();
	private costExplorer: CostExplorerClient | undefined;
	private organizations: OrganizationsClient | undefined;

	/**
	 * `source` is what the account's role is assumed with, in place of its profile or the default chain: an
	 * organization's member account is reached through the management account's credentials.
	 */
	constructor(
		readonly account: AwsAccount,
		private readonly options: ClientOptions,
		private readonly capabilities: Capabilities,
		source?: AwsCredentialIdentityProvider,
	) {
		this.credentials = memoise(baseCredentials(account, options, guardPlugins(capabilities), source));
	}

	private config(region: string) {
		return {
			region,
			credentials: this.credentials,
			retryMode: 'adaptive',
			maxAttempts: this.options.maxAttempts ?? 5,
			...(this.options.endpoint ? {endpoint: this.options.endpoint} : {}),
		};
	}

	/**
	 * One region's client of an SDK client class, made once. The services read only by a module loaded when first
	 * read (RDS, Lambda, ELB, Auto Scaling, CloudWatch) pass their class here, so their SDK loads with that module.
	 */
	regional<Client extends SdkClient>(Sdk: new (config: ReturnType<AccountClients['config']>) => Client, region: string): Client {
		let byRegion = this.byClass.get(Sdk);
		if (!byRegion) this.byClass.set(Sdk, (byRegion = new Map()));
		let client = byRegion.get(region) as Client | undefined;
		if (!client) byRegion.set(region, (client = createClient(Sdk, this.config(region), this.capabilities)));
		return client;
	}

	ec2Client(region: string): EC2Client {
		return this.regional(EC2Client, region);
	}

	taggingClient(region: string): ResourceGroupsTaggingAPIClient {
		return this.regional(ResourceGroupsTaggingAPIClient, region);
	}

	/** S3's client, loaded only when a scan meets a bucket: most of the SDK's weight is S3's, and many accounts scan none. */
	async s3Client(region: string): Promise<S3Client> {
		const {S3Client} = await import('./sdk/s3.js');
		let client = this.s3.get(region);
		if (!client) {
			const config = this.config(region);
			// An endpoint override (an emulator, a proxy) has no per-bucket host names, so the bucket goes in the path.
			this.s3.set(region, (client = createClient(S3Client, {...config, followRegionRedirects: true, forcePathStyle: 'endpoint' in config}, this.capabilities)));
		}
		return client;
	}

	/** Cost Explorer's client, loaded when cost is first read; the service answers from us-east-1 for every account. */
	async costExplorerClient(): Promise<CostExplorerClient> {
		const {CostExplorerClient} = await import('./sdk/cost-explorer.js');
		this.costExplorer ??= createClient(CostExplorerClient, this.config(STS_FALLBACK_REGION), this.capabilities);
		return this.costExplorer;
	}

	/** Organizations' client, loaded only for an account that lists an organization. Organizations has one endpoint per partition, whatever the region. */
	async organizationsClient(region: string): Promise<OrganizationsClient> {
		const {OrganizationsClient} = await import('./sdk/organizations.js');
		this.organizations ??= createClient(OrganizationsClient, this.config(region), this.capabilities);
		return this.organizations;
	}

	/** The 12-digit account id, from STS GetCallerIdentity; a failure is retried on the next call. */
	id(region = STS_FALLBACK_REGION): Promise<string> {
		this.accountId ??= (async () => {
			const sts = createClient(STSClient, this.config(region), this.capabilities);
			try {
				const {Account} = await sts.send(new GetCallerIdentityCommand({}));
				if (!Account) throw new Error('STS GetCallerIdentity returned no account');
				return Account;
			} finally {
				sts.destroy();
			}
		})();
		this.accountId.catch(() => (this.accountId = undefined));
		return this.accountId;
	}

	/** The region the SDK would pick for this account's profile: AWS_REGION, then the profile's `region`. */
	async defaultRegion(): Promise<string | undefined> {
		const client = createClient(STSClient, {...(this.account.profile ? {profile: this.account.profile} : {})}, this.capabilities);
		try {
			return await client.config.region();
		} catch {
			return undefined;
		} finally {
			client.destroy();
		}
	}

	destroy(): void {
		for (const byRegion of this.byClass.values()) for (const client of byRegion.values()) client.destroy();
		this.byClass.clear();
		for (const client of this.s3.values()) client.destroy();
		this.s3.clear();
		this.costExplorer?.destroy();
		this.costExplorer = undefined;
		this.organizations?.destroy();
		this.organizations = undefined;
	}
}

/**
 * The credential providers build STS clients of their own (to assume a role, or a web identity); they carry the
 * same plugins. Those calls are reads, so the guard lets them through, but a client built out of sight is guarded
 * all the same. The SSO and console sign-in token refreshes build clients that take no plugins; they talk only
 * to the sign-in services, never to the account's resources.
 */
function baseCredentials(account: AwsAccount, options: ClientOptions, clientPlugins: ClientPlugin[], source?: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
	const master = source ?? (account.profile ? fromIni({profile: account.profile, clientPlugins}) : fromNodeProviderChain({clientPlugins}));
	if (!account.roleArn) return master;
	return fromTemporaryCredentials({
		masterCredentials: master,
		clientPlugins,
		params: {RoleArn: account.roleArn, RoleSessionName: 'opsdeck', ...(account.externalId ? {ExternalId: account.externalId} : {})},
		clientConfig: {region: STS_FALLBACK_REGION, ...(options.endpoint ? {endpoint: options.endpoint} : {})},
	});
}

function memoise(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
	let current: Promise<AwsCredentialIdentity> | undefined;
	return async () => {
		if (current) {
			const credentials = await current.catch(() => undefined);
			const expires = credentials?.expiration?.getTime();
			if (credentials && (expires === undefined || expires - Date.now() > REFRESH_BEFORE_EXPIRY_MS)) return credentials;
		}
		current = provider();
		return current;
	};
}
