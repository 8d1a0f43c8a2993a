import {afterAll, afterEach, beforeAll} from 'vitest';
import {startAwsEndpoint, type AwsEndpoint} from './aws-endpoint.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './aws-provider.js';
import {createWorld} from './aws-world.js';

/**
 * A test file's AWS: fake credentials for the whole file, endpoints closed after it, and every provider started
 * stopped after each test. Call it at the top of the file.
 */
export function useAwsTestBed() {
	let restore: () => void;
	let running: RunningAws[] = [];
	const endpoints: AwsEndpoint[] = [];
	beforeAll(() => {
		restore = useFakeAwsCredentials();
	});
	afterEach(() => {
		for (const aws of running) aws.stop();
		running = [];
	});
	afterAll(async () => {
		restore();
		await Promise.all(endpoints.map(endpoint => endpoint.close()));
	});
	return {
		async endpointWith(...args: Parameters<typeof createWorld>): Promise<AwsEndpoint> {
			const endpoint = await startAwsEndpoint(createWorld(...args));
			endpoints.push(endpoint);
			return endpoint;
		},
		start(...args: Parameters<typeof startAws>): RunningAws {
			const aws = startAws(...args);
			running.push(aws);
			return aws;
		},
	};
}
