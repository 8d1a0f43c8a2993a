/**
 * Why a request to an HTTP backend (Prometheus, Alertmanager) failed, for a status line. fetch says only "fetch
 * failed" and keeps the reason (ECONNREFUSED, a bad certificate) in its cause.
 */
export function fetchFailure(error: unknown): string {
	if ((error as Error).name === 'TimeoutError') return 'timed out';
	const cause = (error as {cause?: {code?: string; message?: string}}).cause;
	return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A refusal's body as part of a one-line status: a proxy's error page or a server's text ends in newlines. */
export function oneLine(body: string, most = 200): string {
	return body.replace(/\s+/g, ' ').trim().slice(0, most);
}
