import {accessSync, constants} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {UsageError} from '../source/config.js';
import {object, string, type Infer} from '../source/json-schema.js';

/** Where a secret is read from: never the config file itself, which is shared and checked in. */
const SECRET = object(
	{
		env: string({minLength: 1, description: 'The environment variable holding it.'}),
		file: string({minLength: 1, description: 'The file holding it (trailing newline dropped), read at each request so a rotated secret is picked up.'}),
	},
	{description: 'Exactly one of env or file.'},
);

/** Credentials for an HTTP backend (Prometheus, Alertmanager): a bearer token or basic auth. */
export const HTTP_AUTH = object(
	{
		bearer: SECRET,
		basic: object({username: string({minLength: 1}), password: SECRET}, {required: ['username', 'password']}),
	},
	{description: 'Either bearer (a token) or basic (a username and a password), each secret read from env or file.'},
);

export type HttpAuth = Infer<typeof HTTP_AUTH>;
type Secret = Infer<typeof SECRET>;

/**
 * Why `auth` cannot be used as written, or undefined. The secret must be there now (a variable set, a file readable),
 * so a typo is one line at start rather than every request failing later.
 */
export function httpAuthProblem(auth: HttpAuth, env: NodeJS.ProcessEnv): string | undefined {
	const secrets = [auth.bearer, auth.basic?.password].filter(secret => secret !== undefined);
	if (secrets.length !== 1) return 'auth takes either bearer or basic, not both or neither';
	const secret = secrets[0]!;
	if ((secret.env === undefined) === (secret.file === undefined)) return 'a secret is read from either env or file, not both or neither';
	if (secret.env !== undefined) return env[secret.env] ? undefined : `the environment variable ${secret.env} is not set`;
	try {
		accessSync(secret.file!, constants.R_OK);
	} catch {
		return `the file ${secret.file} cannot be read`;
	}
	return undefined;
}

/** Checks `auth` at start, naming where it came from. */
export function checkHttpAuth(auth: HttpAuth | undefined, where: string, env: NodeJS.ProcessEnv): void {
	const problem = auth && httpAuthProblem(auth, env);
	if (problem) throw new UsageError(`${where}: ${problem}`);
}

async function secretValue(secret: Secret, env: NodeJS.ProcessEnv): Promise<string> {
	if (secret.env !== undefined) return env[secret.env] ?? '';
	return (await readFile(secret.file!, 'utf8')).replace(/\r?\n$/, '');
}

/** The Authorization header for `auth`, read now; none without auth. */
export async function authorization(auth: HttpAuth | undefined, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
	if (auth?.bearer) return {authorization: `Bearer ${await secretValue(auth.bearer, env)}`};
	if (auth?.basic) return {authorization: `Basic ${Buffer.from(`${auth.basic.username}:${await secretValue(auth.basic.password, env)}`).toString('base64')}`};
	return {};
}
