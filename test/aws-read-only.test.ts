import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {DecodeAuthorizationMessageCommand, STSClient} from '@aws-sdk/client-sts';
import {describe, expect, it} from 'vitest';
import {createClient} from '../providers/aws/clients.js';
import {guardPlugins, isReadCommand} from '../providers/aws/read-only.js';
import {ReadOnlyError} from '../source/guard.js';
import {ROOT} from './helpers/cli.js';

describe('the AWS read-only guard', () => {
	it('lets through Describe*, List*, Get* and the STS credential calls, and nothing else', () => {
		const reads: Array<[string, string]> = [
			['EC2Client', 'DescribeInstancesCommand'],
			['EC2Client', 'GetConsoleOutputCommand'],
			['ResourceGroupsTaggingAPIClient', 'GetResourcesCommand'],
			['S3Client', 'ListBucketsCommand'],
			['STSClient', 'GetCallerIdentityCommand'],
			['STSClient', 'AssumeRoleCommand'],
			['STSClient', 'AssumeRoleWithWebIdentityCommand'],
		];
		const refused: Array<[string | undefined, string | undefined]> = [
			['EC2Client', 'StopInstancesCommand'],
			['EC2Client', 'RunInstancesCommand'],
			['EC2Client', 'CreateTagsCommand'],
			['ResourceGroupsTaggingAPIClient', 'TagResourcesCommand'],
			// A credential call's name on another service is not a credential call.
			['EC2Client', 'AssumeRoleCommand'],
			['STSClient', 'DecodeAuthorizationMessageCommand'],
			// Prefixes count only as whole words: Getaway is not a Get.
			['EC2Client', 'GetawayCommand'],
			['EC2Client', 'DescribeCommand'],
			// A command that names no operation cannot be shown to read.
			['EC2Client', undefined],
			[undefined, ''],
		];
		for (const [client, command] of reads) expect(isReadCommand(client, command), `${client} ${command}`).toBe(true);
		for (const [client, command] of refused) expect(isReadCommand(client, command), `${client} ${command}`).toBe(false);
	});

	it('adds nothing to a client outside read-only mode', () => {
		expect(guardPlugins({readOnly: false})).toEqual([]);
		const client = createClient(STSClient, {region: 'us-east-1'}, {readOnly: false});
		try {
			expect(client.middlewareStack.identify().filter(name => name.startsWith('opsdeckReadOnly'))).toEqual([]);
		} finally {
			client.destroy();
		}
	});

	it('stays one middleware, still refusing, when a credential provider applies the plugins again on a refresh', async () => {
		const client = createClient(STSClient, {region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: {accessKeyId: 'AKIA', secretAccessKey: 'x'}, maxAttempts: 1}, {readOnly: true});
		try {
			for (const plugin of guardPlugins({readOnly: true})) client.middlewareStack.use(plugin);
			expect(client.middlewareStack.identify().filter(name => name.startsWith('opsdeckReadOnly'))).toEqual(['opsdeckReadOnly - initialize']);
			const error = await client.send(new DecodeAuthorizationMessageCommand({EncodedMessage: 'x'})).catch((failure: unknown) => failure);
			expect(error).toBeInstanceOf(ReadOnlyError);
			expect((error as Error).message).toBe('read-only: STS DecodeAuthorizationMessage is disabled; restart without --read-only to allow it');
		} finally {
			client.destroy();
		}
	});

	it('is on every SDK client the AWS provider builds: none is constructed outside createClient', () => {
		const folder = path.join(ROOT, 'providers', 'aws');
		const constructions = readdirSync(folder, {recursive: true, encoding: 'utf8'})
			.filter(name => name.endsWith('.ts'))
			.flatMap(name => [...readFileSync(path.join(folder, name), 'utf8').matchAll(/new\s+(\w*Client)\s*\(/g)].map(match => `${name}: ${match[1]}`));
		expect(constructions).toEqual([]);
	});
});
