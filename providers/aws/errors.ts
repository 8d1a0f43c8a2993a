/** The SDK's errors, in the words the status line uses: what went wrong and, where there is one, what to do. */
export function describeAwsError(error: unknown): string {
	const {name = 'Error', message = String(error)} = (error ?? {}) as {name?: string; message?: string};
	const code = (error as {code?: string} | undefined)?.code;
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
