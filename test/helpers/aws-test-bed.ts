import {afterAll, afterEach, beforeAll} from 'vitest';
import {startAwsEndpoint, type AwsEndpoint} from './aws-endpoint.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './aws-provider.js';
import {createWorld, type AwsWorld} from './aws-world.js';

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
	/** An endpoint over a world the test may have built further than `createWorld` does. */
	const endpointFor = async (world: AwsWorld): Promise<AwsEndpoint> => {
		const endpoint = await startAwsEndpoint(world);
		endpoints.push(endpoint);
		return endpoint;
	};
	return {
		endpointFor,
		endpointWith: (...args: Parameters<typeof createWorld>): Promise<AwsEndpoint> => endpointFor(createWorld(...args)),
		start(...args: Parameters<typeof startAws>): RunningAws {
			const aws = startAws(...args);
			running.push(aws);
			return aws;
		},
	};
}
