import {EC2Client} from '@aws-sdk/client-ec2';
import {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {fromIni, fromNodeProviderChain, fromTemporaryCredentials} from '@aws-sdk/credential-providers';
import type {AwsAccount} from './settings.js';

/** What every SDK client opsdeck makes shares. Tests point `endpoint` at a local server. */
export interface ClientOptions {
	endpoint?: string;
	maxAttempts?: number;
}

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

// STS is global, but a regional endpoint answers too; this one exists in every commercial account.
const STS_FALLBACK_REGION = 'us-east-1';
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * One account's credentials and clients. Credentials are resolved once and shared by every region's clients
 * (so an assumed role is assumed once, not once per region) and renewed shortly before they expire.
 */
export class AccountClients {
	readonly credentials: AwsCredentialIdentityProvider;
	private readonly ec2 = new Map<string, EC2Client>();
	private readonly tagging = new Map<string, ResourceGroupsTaggingAPIClient>();
	private accountId: Promise<string> | undefined;

	constructor(
		readonly account: AwsAccount,
		private readonly options: ClientOptions,
	) {
		this.credentials = memoise(baseCredentials(account, options));
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

	ec2Client(region: string): EC2Client {
		let client = this.ec2.get(region);
		if (!client) this.ec2.set(region, (client = new EC2Client(this.config(region))));
		return client;
	}

	taggingClient(region: string): ResourceGroupsTaggingAPIClient {
		let client = this.tagging.get(region);
		if (!client) this.tagging.set(region, (client = new ResourceGroupsTaggingAPIClient(this.config(region))));
		return client;
	}

	/** The 12-digit account id, from STS GetCallerIdentity; a failure is retried on the next call. */
	id(region = STS_FALLBACK_REGION): Promise<string> {
		this.accountId ??= (async () => {
			const sts = new STSClient(this.config(region));
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
		const client = new STSClient({...(this.account.profile ? {profile: this.account.profile} : {})});
		try {
			return await client.config.region();
		} catch {
			return undefined;
		} finally {
			client.destroy();
		}
	}

	destroy(): void {
		for (const client of [...this.ec2.values(), ...this.tagging.values()]) client.destroy();
		this.ec2.clear();
		this.tagging.clear();
	}
}

function baseCredentials(account: AwsAccount, options: ClientOptions): AwsCredentialIdentityProvider {
	const source = account.profile ? fromIni({profile: account.profile}) : fromNodeProviderChain();
	if (!account.roleArn) return source;
	return fromTemporaryCredentials({
		masterCredentials: source,
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
