import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {AwsProvider} from '../providers/aws/index.js';
import {resolveAwsSettings} from '../providers/aws/settings.js';
import {Store} from '../source/store.js';
import {startAwsEndpoint} from '../test/helpers/aws-endpoint.js';
import {createWorld, endpointEnv, populatedRegion, TEST_ACCESS_KEY, TEST_ACCOUNT, TEST_SECRET_KEY, withServices} from '../test/helpers/aws-world.js';
import {isolatedEnv} from './launch.js';
import {summarise} from './stats.js';
import {idleWindow, sleep, start} from './watch.js';

export const AWS_DISCOVERY_FLAG = '--aws-discovery';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const INSTANCES = 2000;
const RUNS = 7;

export interface DiscoveryFigures {
	latencyMs: number;
	samples: number[];
	resources: number;
	requests: number;
	peakRssMb: number;
}

/**
 * Discovery of 2,000 instances and the services beside them over 4 regions, through the real SDK against the local endpoint: from the
 * provider's start to its first complete scan in the store. Runs in this process; `measureAwsDiscovery`
 * runs it in a child, so the peak RSS is AWS's alone.
 */
export async function runAwsDiscovery(latencyMs: number): Promise<DiscoveryFigures> {
	process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY;
	process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_KEY;
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	const samples: number[] = [];
	let resources = 0;
	let requests = 0;
	for (let run = 0; run < RUNS; run++) {
		// Real EC2 pages up to 1,000 reservations; the tagging API caps pages at 100.
		const endpoint = await startAwsEndpoint(discoveryWorld(latencyMs));
		const store = new Store();
		const controller = new AbortController();
		const provider = new AwsProvider({capabilities: {readOnly: true}, settings: resolveAwsSettings({regions: REGIONS}, {}, process.env, 'bench'), client: {endpoint: endpoint.url}});
		const start = performance.now();
		void provider.start(store, controller.signal);
		while (store.providerStatuses().find(s => s.provider === 'aws')?.health !== 'ok') await new Promise(resolve => setTimeout(resolve, 1));
		samples.push(performance.now() - start);
		resources = store.size;
		requests = endpoint.requests.length;
		controller.abort();
		store.dispose();
		await endpoint.close();
	}
	return {latencyMs, samples, resources, requests, peakRssMb: process.resourceUsage().maxRSS / 1024};
}

export function measureAwsDiscovery(bench: string, latencyMs: number): DiscoveryFigures {
	const child = spawnSync(process.execPath, [bench, AWS_DISCOVERY_FLAG, String(latencyMs)], {encoding: 'utf8'});
	if (child.status !== 0) throw new Error(`AWS discovery bench failed: ${child.stderr}`);
	return JSON.parse(child.stdout) as DiscoveryFigures;
}

export const discoveryNote = (figures: DiscoveryFigures): string => {
	const {median} = summarise(figures.samples);
	return `${figures.resources} resources, ${figures.requests} requests, ${Math.round((INSTANCES / median) * 1000).toLocaleString('en')} instances/s, peak RSS ${Math.round(figures.peakRssMb)} MB`;
};

/**
 * 2,000 instances over 4 regions, each region also holding what the services read (RDS, Lambda, load
 * balancers, target groups, Auto Scaling, CloudWatch alarms) and the account its CIS settings, so a scan of
 * it is the whole scan a user waits for.
 */
function discoveryWorld(latencyMs: number) {
	const regions = Object.fromEntries(REGIONS.map((region, i) => [region, withServices(populatedRegion(TEST_ACCOUNT, region, INSTANCES / REGIONS.length, i + 1), region)]));
	return createWorld([{id: TEST_ACCOUNT, regions}], {latencyMs});
}

/**
 * The built dashboard's peak resident memory (VmHWM), in bytes, started as a user starts it with the AWS
 * provider alone over the same estate, 25 s after its first instances show: the scan takes a few seconds.
 * The process holds only opsdeck, since the endpoint runs in this one.
 */
export async function awsDashboardPeakRss(cli: string): Promise<number> {
	const endpoint = await startAwsEndpoint(discoveryWorld(0));
	const env = isolatedEnv();
	const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-aws-')), 'config.json');
	writeFileSync(config, JSON.stringify({providers: ['aws'], aws: {regions: REGIONS}}));
	for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
	Object.assign(env, endpointEnv(endpoint.url), {OPSDECK_CONFIG: config});
	try {
		const run = await start({label: 'opsdeck --providers aws', command: `${cli} --view inventory`, env, ready: /aws \/ ec2:instance/});
		try {
			await sleep(25_000);
			return (await idleWindow([run], 1)).runs[0]!.peakRss;
		} finally {
			await run.stop();
		}
	} finally {
		await endpoint.close();
	}
}
