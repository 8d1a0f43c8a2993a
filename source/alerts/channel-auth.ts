import type {ChannelConfig} from './notify.js';

const FROM_ENV = 'env:';

/**
 * Why a notify channel cannot be used as written, or undefined. A URL's credentials would sit in the config
 * file in clear, and fetch refuses them anyway, so every delivery would fail; they go in a header read from
 * the environment instead. Each such header's variable must be set now, not at the first alert.
 */
export function channelProblem(channel: ChannelConfig, env: NodeJS.ProcessEnv): string | undefined {
	const name = `alerts.notify channel "${channel.name ?? channel.type}"`;
	let url: URL;
	try {
		url = new URL(channel.url);
	} catch {
		return `${name}: its url is not a URL`;
	}
	if (url.username !== '' || url.password !== '') {
		return `${name}: its url holds credentials (user:password@), which opsdeck refuses to keep or send; put them in a header read from an environment variable instead, e.g. "headers": {"Authorization": "env:WEBHOOK_AUTH"}`;
	}
	for (const [header, source] of Object.entries(channel.headers ?? {})) {
		const variable = source.slice(FROM_ENV.length);
		if (!env[variable]) return `${name}: header ${header} is read from the environment variable ${variable}, which is not set`;
	}
	return undefined;
}

/** The channel's own headers, each read from its environment variable at the moment of sending. */
export function channelHeaders(channel: ChannelConfig, env: NodeJS.ProcessEnv): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [header, source] of Object.entries(channel.headers ?? {})) headers[header] = env[source.slice(FROM_ENV.length)] ?? '';
	return headers;
}

/**
 * An error message about a delivery with the channel's URL cut to its origin (a Slack or Discord webhook's
 * secret is its path) and any other URL's credentials taken out.
 */
export function withoutUrlSecrets(message: string, url: string): string {
	let origin = url;
	try {
		origin = new URL(url).origin;
	} catch {
		origin = '(the channel url)';
	}
	return message.replaceAll(url, origin).replace(/\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@]*@)?([^\s?#]*)[?#]?\S*/gi, '$1$2');
}
