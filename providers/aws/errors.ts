import type {ClientPlugin} from './read-only.js';

/** Where a failed request went; the SDK's own errors do not say. */
interface RequestPlace {
	endpoint: string;
	region: string;
}

const PLACE = Symbol('opsdeck.aws.request-place');

/**
 * Marks a client's failed requests with the endpoint they went to and the client's region, so the one line about
 * a failure can name them. It sits in the build step, outside the retries, so it sees the error that is thrown.
 */
export function requestPlacePlugin(region: string): ClientPlugin {
	return {
		applyToStack(stack) {
			stack.add(
				next => async args => {
					try {
						return await next(args);
					} catch (error) {
						const request = args.request as {protocol?: string; hostname?: string; port?: number} | undefined;
						if (error instanceof Object && request?.hostname && !(PLACE in error)) {
							const place: RequestPlace = {endpoint: `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`, region};
							Object.defineProperty(error, PLACE, {value: place});
						}
						throw error;
					}
				},
				{name: 'opsdeckRequestPlace', step: 'build', priority: 'low', override: true},
			);
		},
	};
}

/**
 * An answer the SDK could not read as the service's protocol: what an endpoint that is not AWS (an emulator, a
 * proxy's error page) sends for a region it does not serve. The SDK's message spans lines and points at a field.
 */
function describeUnreadableAnswer(error: {$metadata?: {httpStatusCode?: number}; $response?: {headers?: Record<string, string>}}): string {
	const place = (error as {[PLACE]?: RequestPlace})[PLACE];
	const status = error.$metadata?.httpStatusCode;
	const type = error.$response?.headers?.['content-type'];
	const answer = [status === undefined ? '' : `HTTP ${status}`, type ?? ''].filter(Boolean).join(', ');
	const where = place ? `${place.endpoint} (region ${place.region})` : 'the endpoint';
	return `${where} answered with something that is not the AWS API${answer ? ` (${answer})` : ''}; check the region name and any endpoint override`;
}

/** The SDK's errors, in the words the status line uses: what went wrong and, where there is one, what to do. */
export function describeAwsError(error: unknown): string {
	const {name = 'Error', message = String(error)} = (error ?? {}) as {name?: string; message?: string};
	const code = (error as {code?: string} | undefined)?.code;
	if (message.includes('Deserialization error')) return describeUnreadableAnswer(error as object);
	switch (name) {
		case 'CredentialsProviderError':
			return 'no AWS credentials; set AWS_PROFILE, or run aws configure or aws sso login';
		case 'UnauthorizedOperation':
		case 'AccessDenied':
		case 'AccessDeniedException':
			return `access denied (${name})`;
		case 'ExpiredToken':
		case 'ExpiredTokenException':
		case 'RequestExpired':
			return `credentials expired (${name}); renew them, e.g. aws sso login`;
		case 'AuthFailure':
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
			return `credentials rejected (${name}); check the access key or profile`;
		case 'OptInRequired':
			return 'region not enabled in this account (OptInRequired)';
		case 'TimeoutError':
			return 'endpoint did not answer in time';
	}
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EAI_AGAIN') return `endpoint unreachable (${code})`;
	return name === 'Error' ? message : `${name}: ${message}`;
}

export function isMissingCredentials(error: unknown): boolean {
	return (error as Error | undefined)?.name === 'CredentialsProviderError';
}
