import fs from 'node:fs';

let names: Map<number, string> | undefined;

/**
 * The login name of a uid, from /etc/passwd read once: accounts rarely change while opsdeck runs, and a uid
 * with no entry (a container's user, a directory service's) shows as its number, as ps shows it.
 */
export function userName(uid: number): string {
	names ??= readPasswd();
	return names.get(uid) ?? String(uid);
}

function readPasswd(): Map<number, string> {
	const found = new Map<number, string>();
	let text = '';
	try {
		text = fs.readFileSync('/etc/passwd', 'utf8');
	} catch {
		return found;
	}
	for (const line of text.split('\n')) {
		const [name, , uid] = line.split(':');
		// The first entry for a uid wins, as getpwuid(3) returns it.
		if (name && uid !== undefined && !found.has(Number(uid))) found.set(Number(uid), name);
	}
	return found;
}
