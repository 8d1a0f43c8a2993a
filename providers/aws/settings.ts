import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UsageError} from '../../source/config.js';
import {array, boolean, integer, literal, number, object, reference, string, type Infer} from '../../source/json-schema.js';
import type {ProviderFlag, ProviderFlags, ProviderSetup} from '../setup.js';
import {COST_SECTION, resolveCostSettings, type CostSettings} from './cost/settings.js';

export const DEFAULT_PROTECT_TAG = 'opsdeck:protect=true';
const DEFAULT_REFRESH_SECONDS = 60;
const DEFAULT_CONCURRENCY = 8;

const REGIONS = literal<string[] | string>({
	description: 'Region names such as ["us-east-1", "eu-west-2"], or "all" for every region enabled in the account. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile\'s region.',
	type: ['string', 'array'],
	minItems: 1,
	items: {type: 'string', minLength: 1},
});

const ACCOUNT = object({
	name: string({minLength: 1, description: 'Label in the status line; defaults to the profile or role name, or AWS_PROFILE or "default" for the default credential chain.'}),
	profile: string({minLength: 1, description: 'A profile in ~/.aws/config or ~/.aws/credentials.'}),
	roleArn: string({description: 'A role to assume with STS AssumeRole, e.g. arn:aws:iam::123456789012:role/opsdeck-read.'}),
	externalId: string({minLength: 1, description: 'The external ID the role\'s trust policy asks for.'}),
	regions: reference('awsRegions', REGIONS),
});

// The role opsdeck assumes in each member account, by name, with a path if it has one (`ops/opsdeck-read`).
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

const ORGANIZATION = object(
	{
		name: string({minLength: 1, description: 'Label in the header and status line; defaults to the organization id (o-…).'}),
		profile: string({minLength: 1, description: 'A profile for the management account (or a delegated administrator), which lists the accounts.'}),
		roleArn: string({description: 'A role to assume in the management account (or a delegated administrator) to list the accounts.'}),
		externalId: string({minLength: 1, description: 'The external ID roleArn\'s trust policy asks for.'}),
		memberRole: string({minLength: 1, description: 'The role opsdeck assumes in each member account, by name, e.g. OrganizationAccountAccessRole or a read-only role of your own.'}),
		memberExternalId: string({minLength: 1, description: 'The external ID memberRole\'s trust policy asks for.'}),
		regions: reference('awsRegions', REGIONS),
	},
	{
		required: ['memberRole'],
		description: 'An AWS Organization: its ACTIVE accounts are listed (Organizations ListAccounts) on every scan and each is scanned through memberRole. The management account is scanned with its own credentials.',
	},
);

/** The `aws` section of the config file. */
export const AWS_SECTION = object(
	{
		accounts: array(ACCOUNT, {
			minItems: 1,
			description:
				'Accounts to scan, each through a profile, a role to assume, a role assumed from a profile, or, naming neither, the SDK\'s default credential chain (AWS_PROFILE, environment keys, SSO, instance role). Default: one account, the default chain.',
		}),
		organizations: array(ORGANIZATION, {minItems: 1, description: 'AWS Organizations whose member accounts are scanned, found anew on every scan.'}),
		regions: reference('awsRegions', REGIONS),
		protectTags: array(string({minLength: 1}), {description: 'Tags that refuse termination: key=value, or a bare key for any value', default: [DEFAULT_PROTECT_TAG]}),
		refresh: number({minimum: 5, maximum: 3600, description: 'Seconds between inventory scans', default: DEFAULT_REFRESH_SECONDS}),
		concurrency: integer({minimum: 1, maximum: 64, description: 'Account x region pairs scanned at once', default: DEFAULT_CONCURRENCY}),
		cost: COST_SECTION,
		cloudTrail: boolean({
			description:
				'Look up who made each change the timeline records to an AWS resource, with CloudTrail LookupEvents (needs cloudtrail:LookupEvents; at most 2 requests a second per account and region, as CloudTrail allows)',
			default: false,
		}),
	},
	{description: 'Amazon Web Services: which accounts and regions to scan. --profile and --region override it.'},
);

export type AwsConfig = Infer<typeof AWS_SECTION>;
type AwsAccountConfig = Infer<typeof ACCOUNT>;
type AwsOrganizationConfig = Infer<typeof ORGANIZATION>;

export interface AwsAccount {
	label: string;
	/** Undefined means the SDK's default chain (AWS_PROFILE, env keys, SSO, instance role). */
	profile?: string;
	roleArn?: string;
	externalId?: string;
	/** Undefined means the default region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. */
	regions?: string[] | 'all';
}

/** An organization whose ACTIVE member accounts are scanned, each through one role. */
export interface AwsOrganization {
	/** Undefined means the organization's id, once ListAccounts has named it. */
	name?: string;
	/** The account that calls ListAccounts (management or delegated administrator); its regions are every member's. */
	lister: AwsAccount;
	memberRole: string;
	memberExternalId?: string;
}

export interface ProtectTag {
	key: string;
	/** Undefined protects whatever the value. */
	value?: string;
}

export interface AwsSettings {
	accounts: AwsAccount[];
	organizations: AwsOrganization[];
	protectTags: ProtectTag[];
	refreshMs: number;
	concurrency: number;
	cost: CostSettings;
	/** Whether the timeline asks CloudTrail who made each change. */
	cloudTrail: boolean;
}


// The shape of partitions' region names: us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, cn-north-1,
// us-isob-east-1, eusc-de-east-1. Whether the SDK knows the name is checked where the SDK is loaded, by the provider.
const REGION = /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?|eusc-[a-z]{2})-(?:north|south|east|west|central)(?:east|west)?-\d{1,2}$/;
// arn:PARTITION:iam::ACCOUNT:role/PATH/NAME
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** Checks a region name; `where` names the flag or config field in the one-line error. */
export function checkRegion(region: string, where: string): string {
	if (REGION.test(region)) return region;
	const zone = /^(.*-\d{1,2})[a-z]$/.exec(region);
	const hint = zone && REGION.test(zone[1]!) ? `"${region}" is an availability zone; use its region ${zone[1]}` : `use a region name like us-east-1 or eu-west-2, or "all"`;
	throw new UsageError(`${where} has an unknown AWS region "${region}"; ${hint}`);
}

function checkRegions(regions: string[] | string | undefined, where: string): string[] | 'all' | undefined {
	if (regions === undefined || regions === 'all') return regions;
	if (typeof regions === 'string') throw new UsageError(`${where} must be "all" or a list of region names like ["us-east-1"] (got "${regions}")`);
	if (regions.includes('all')) return 'all';
	return regions.map((region, i) => checkRegion(region, `${where}[${i}]`));
}

function checkAccount(account: AwsAccountConfig, where: string, env: NodeJS.ProcessEnv): AwsAccount {
	if (account.roleArn !== undefined && !ROLE_ARN.test(account.roleArn)) {
		throw new UsageError(`${where}.roleArn "${account.roleArn}" is not a role ARN; write it as arn:aws:iam::123456789012:role/NAME`);
	}
	if (account.externalId !== undefined && account.roleArn === undefined) {
		throw new UsageError(`${where}.externalId is set without a roleArn; add the roleArn it belongs to, or remove it`);
	}
	return {
		// Naming neither a profile nor a role is the SDK's default chain, the account opsdeck scans when none is listed.
		label: account.name ?? account.profile ?? account.roleArn?.split('/').at(-1) ?? defaultChainLabel(env),
		profile: account.profile,
		roleArn: account.roleArn,
		externalId: account.externalId,
		regions: checkRegions(account.regions, `${where}.regions`),
	};
}

function checkOrganization(organization: AwsOrganizationConfig, where: string, env: NodeJS.ProcessEnv): AwsOrganization {
	if (!ROLE_NAME.test(organization.memberRole)) {
		throw new UsageError(`${where}.memberRole "${organization.memberRole}" is not a role name; write the name alone, e.g. OrganizationAccountAccessRole, not its ARN`);
	}
	const {name, memberRole, memberExternalId, ...lister} = organization;
	return {name, lister: checkAccount({...lister, name}, where, env), memberRole, memberExternalId};
}

function defaultChainLabel(env: NodeJS.ProcessEnv): string {
	return env.AWS_PROFILE || 'default';
}

/** The default chain is one set of credentials: listed twice, it would scan the same account twice. */
function checkOneDefaultChain(accounts: readonly AwsAccountConfig[]): void {
	const chains = accounts.flatMap((account, i) => (account.profile === undefined && account.roleArn === undefined ? [i] : []));
	if (chains.length > 1) {
		throw new UsageError(`aws.accounts[${chains[1]}] names neither a profile nor a roleArn, as aws.accounts[${chains[0]}] does: both are the default credential chain; give one a profile or a roleArn, or remove it`);
	}
}

function parseProtectTag(text: string): ProtectTag {
	const at = text.indexOf('=');
	return at === -1 ? {key: text} : {key: text.slice(0, at), value: text.slice(at + 1)};
}

/**
 * The AWS settings from flags, then the config file, then the environment. `configFile` prefixes errors about
 * the file, so every bad value is one line naming where it came from and how to fix it.
 */
export function resolveAwsSettings(config: AwsConfig | undefined, flags: ProviderFlags, env: NodeJS.ProcessEnv, configFile: string): AwsSettings {
	const inFile = (run: () => AwsSettings): AwsSettings => {
		try {
			return run();
		} catch (error) {
			if (error instanceof UsageError && error.message.startsWith('aws.')) {
				throw new UsageError(`config file ${configFile}: ${error.message}; fix the file and start again`);
			}
			throw error;
		}
	};
	const flagRegions = flags.region && (flags.region.includes('all') ? 'all' : [...flags.region]);
	return inFile(() => {
		const configured = (config?.accounts ?? []).map((account, i) => checkAccount(account, `aws.accounts[${i}]`, env));
		checkOneDefaultChain(config?.accounts ?? []);
		const organizations = flags.profile ? [] : (config?.organizations ?? []).map((organization, i) => checkOrganization(organization, `aws.organizations[${i}]`, env));
		const sharedRegions = checkRegions(config?.regions, 'aws.regions');
		const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
		const defaultRegions = sharedRegions ?? (envRegion ? [envRegion] : undefined);
		let accounts: AwsAccount[] = flags.profile
			? flags.profile.map(profile => ({label: profile, profile}))
			: configured.length > 0
				? configured
				: organizations.length > 0
					? []
					: [{label: defaultChainLabel(env)}];
		const withRegions = (account: AwsAccount): AwsAccount => ({...account, regions: flagRegions ?? account.regions ?? defaultRegions});
		accounts = accounts.map(withRegions);
		return {
			accounts,
			organizations: organizations.map(organization => ({...organization, lister: withRegions(organization.lister)})),
			protectTags: (config?.protectTags ?? [DEFAULT_PROTECT_TAG]).map(parseProtectTag),
			refreshMs: (config?.refresh ?? DEFAULT_REFRESH_SECONDS) * 1000,
			concurrency: config?.concurrency ?? DEFAULT_CONCURRENCY,
			cost: resolveCostSettings(config?.cost),
			cloudTrail: config?.cloudTrail ?? false,
		};
	});
}

/**
 * Whether AWS has any chance of working here: it is configured, asked for on the command line, or the
 * environment or home directory holds AWS credentials or config. Only then is it on by default.
 */
export function awsLooksConfigured(config: AwsConfig | undefined, flags: ProviderFlags, env: NodeJS.ProcessEnv): boolean {
	if (config || flags.profile || flags.region) return true;
	if (env.AWS_PROFILE || env.AWS_ACCESS_KEY_ID || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return true;
	const home = env.HOME || os.homedir();
	const files = [env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'), env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')];
	return files.some(file => existsSync(file));
}

/** What `opsdeck info` says AWS would use. */
export function describeAws(settings: AwsSettings, env: NodeJS.ProcessEnv): Array<[string, string]> {
	const via = (account: AwsAccount) =>
		account.roleArn
			? `role ${account.roleArn}${account.externalId ? ' (external id set)' : ''}${account.profile ? ` via profile ${account.profile}` : ''}`
			: account.profile
				? `profile ${account.profile}`
				: `default credential chain${env.AWS_PROFILE ? ` (AWS_PROFILE=${env.AWS_PROFILE})` : ''}`;
	const regions = (account: AwsAccount) => (account.regions === 'all' ? 'all enabled regions (DescribeRegions)' : account.regions ? account.regions.join(', ') : "the profile's region");
	const accounts = settings.accounts.map(account => `${account.label}: ${via(account)}; ${regions(account)}`);
	const organizations = settings.organizations.map(
		({name, lister, memberRole, memberExternalId}) =>
			`${name ?? 'organization'}: ListAccounts through ${via(lister)}; role ${memberRole}${memberExternalId ? ' (external id set)' : ''} in each ACTIVE member; ${regions(lister)}`,
	);
	const rows: Array<[string, string]> = [
		...accounts.map((text, i): [string, string] => [i === 0 ? 'aws accounts' : '', text]),
		...organizations.map((text, i): [string, string] => [i === 0 ? 'aws orgs' : '', text]),
	];
	rows.push(
		['aws protect', settings.protectTags.map(tag => (tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`)).join(', ') || 'none'],
		['aws refresh', `${settings.refreshMs / 1000}s, ${settings.concurrency} account x region pairs at once`],
		['aws who', settings.cloudTrail ? 'CloudTrail LookupEvents for each change on the timeline' : 'off (aws.cloudTrail)'],
	);
	if (env.AWS_ENDPOINT_URL) rows.push(['aws endpoint', env.AWS_ENDPOINT_URL]);
	return rows;
}

const AWS_FLAGS: readonly ProviderFlag[] = [
	{name: 'profile', value: 'NAME[,NAME]', help: 'AWS profiles to scan, one account each (repeatable; overrides aws.accounts and aws.organizations)'},
	{name: 'region', value: 'NAME[,NAME]', help: 'AWS regions to scan, or all (repeatable; overrides aws.regions)', check: (region, flag) => (region === 'all' ? region : checkRegion(region, flag))},
];

export const AWS_SETUP: ProviderSetup<AwsConfig, AwsSettings> = {
	section: AWS_SECTION,
	settings: (section, {flags, env, configFile}) => resolveAwsSettings(section, flags, env, configFile),
	onByDefault: (section, {flags, env}) => awsLooksConfigured(section, flags, env),
	onByDefaultWhere: 'where AWS config, credentials or an aws section exist',
	describe: describeAws,
	flags: AWS_FLAGS,
	environment: ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL'],
	async create(common, settings) {
		const {AwsProvider} = await import('./index.js');
		return new AwsProvider({capabilities: common.capabilities, settings});
	},
};
