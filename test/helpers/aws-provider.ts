import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {AwsProvider} from '../../providers/aws/index.js';
import {DEFAULT_PROTECT_TAG, resolveAwsSettings, type AwsConfig} from '../../providers/aws/settings.js';
import type {ProviderStatus, Resource} from '../../source/model.js';
import {Store} from '../../source/store.js';
import type {AwsEndpoint} from './aws-endpoint.js';
import {TEST_ACCESS_KEY, TEST_SECRET_KEY} from './aws-world.js';
import {until} from './until.js';

/**
 * Points the SDK's credential chain at the endpoint's fake static keys and away from the developer's own AWS
 * files and the instance metadata service. Returns a function that puts the environment back.
 */
export function useFakeAwsCredentials(withKeys = true): () => void {
	const saved = {...process.env};
	for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
	const home = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-aws-'));
	process.env.AWS_CONFIG_FILE = path.join(home, 'config');
	process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'credentials');
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	if (withKeys) {
		process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY;
		process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_KEY;
	}
	return () => {
		for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
		Object.assign(process.env, saved);
	};
}

export interface RunningAws {
	provider: AwsProvider;
	store: Store;
	status(): ProviderStatus | undefined;
	resources(type?: string): Resource[];
	/** Waits for the status to satisfy `predicate` after the next completed scan. */
	waitForStatus(predicate: (status: ProviderStatus) => boolean, what: string, timeoutMs?: number): Promise<ProviderStatus>;
	stop(): void;
}

export function startAws(endpoint: AwsEndpoint, config: AwsConfig, options: {readOnly?: boolean; store?: Store; consolePollMs?: number; cloudTrailScheduleMs?: number[]} = {}): RunningAws {
	const settings = resolveAwsSettings({protectTags: [DEFAULT_PROTECT_TAG], ...config}, {}, process.env, 'test-config.json');
	const provider = new AwsProvider({
		capabilities: {readOnly: options.readOnly ?? false},
		settings,
		client: {endpoint: endpoint.url},
		consolePollMs: options.consolePollMs,
		cloudTrailScheduleMs: options.cloudTrailScheduleMs,
		settleMs: 10,
	});
	const store = options.store ?? new Store({publishIntervalMs: 5});
	const controller = new AbortController();
	void provider.start(store, controller.signal);
	const status = () => store.providerStatuses().find(s => s.provider === 'aws');
	return {
		provider,
		store,
		status,
		resources: type => store.list().filter(r => r.provider === 'aws' && (type === undefined || r.type === type)),
		waitForStatus: (predicate, what, timeoutMs = 10_000) =>
			until(
				() => {
					const current = status();
					return current && current.health !== 'connecting' && predicate(current) && current;
				},
				what,
				timeoutMs,
				() => `status: ${JSON.stringify(status())}`,
			),
		stop: () => controller.abort(),
	};
}
