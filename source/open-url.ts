import {spawn} from 'node:child_process';

/** The desktop's own opener: `open` on macOS, `xdg-open` elsewhere. */
function opener(): string {
	return process.platform === 'darwin' ? 'open' : 'xdg-open';
}

/**
 * Hands a URL to the desktop's browser, detached and with no terminal of its own, so a browser that stays open
 * neither holds the dashboard's terminal nor dies with it. Only http and https: a link from a backend's data
 * must never open a local file or run a handler.
 */
export async function openUrl(url: string, command = opener()): Promise<string> {
	const parsed = new URL(url);
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`refusing to open ${parsed.protocol} link ${url}`);
	await new Promise<void>((resolve, reject) => {
		const child = spawn(command, [url], {detached: true, stdio: 'ignore'});
		child.once('error', error => reject(new Error(`${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
		child.once('spawn', () => {
			child.unref();
			resolve();
		});
	});
	return `opened ${url} with ${command}`;
}
