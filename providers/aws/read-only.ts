import type {FromTemporaryCredentialsOptions} from '@aws-sdk/credential-providers';
import {ReadOnlyError, type Capabilities} from '../../source/guard.js';

/** What `middlewareStack.use` takes: a plugin that adds middleware to one client's stack. */
export type ClientPlugin = NonNullable<FromTemporaryCredentialsOptions['clientPlugins']>[number];

// AWS names the operations that only read Describe*, List* or Get*, in every service; any other name may change
// something, so it is refused, including one added to the SDK after this was written.
const READ = /^(?:Describe|List|Get)[A-Z]/;

// Reads named otherwise, by client: the STS calls the credential chain makes to obtain credentials (a role, a web
// identity), which change nothing in the account and without which a read-only run could not read at all, and
// CloudTrail's LookupEvents, which searches its record of calls.
const OTHER_READS: Record<string, ReadonlySet<string>> = {
	STSClient: new Set(['AssumeRole', 'AssumeRoleWithWebIdentity']),
	CloudTrailClient: new Set(['LookupEvents']),
};

/** The operation a command sends, from the names the SDK puts in its handler context (`DescribeInstancesCommand`). */
function operation(commandName: string | undefined): string {
	return (commandName ?? '').replace(/Command$/, '');
}

/** Whether an SDK command only reads. A command that names no operation is not a read. */
export function isReadCommand(clientName: string | undefined, commandName: string | undefined): boolean {
	const name = operation(commandName);
	return READ.test(name) || (OTHER_READS[clientName ?? '']?.has(name) ?? false);
}

const NAME = 'opsdeckReadOnly';

/** `EC2Client` as the user knows it, `EC2`. */
function service(clientName: string | undefined): string {
	return (clientName ?? 'AWS').replace(/Client$/, '');
}

/**
 * Refuses, in the first step of a command's middleware (before its request is serialised, its endpoint resolved,
 * its credentials fetched or its request signed), any command that is not a read. Added once to a client's stack,
 * it sees every command that client sends, whatever code path built the command.
 */
const readOnlyPlugin: ClientPlugin = {
	applyToStack(stack) {
		stack.add(
			(next, context) => async args => {
				if (!isReadCommand(context.clientName, context.commandName)) {
					throw new ReadOnlyError(`${service(context.clientName)} ${operation(context.commandName) || 'an unnamed command'}`);
				}
				return next(args);
			},
			// The credential providers apply their plugins again on each refresh; override keeps one copy.
			{name: NAME, step: 'initialize', priority: 'high', override: true},
		);
	},
};

/** The plugins every SDK client opsdeck builds, and every STS client its credential providers build, must carry. */
export function guardPlugins(capabilities: Capabilities): ClientPlugin[] {
	return capabilities.readOnly ? [readOnlyPlugin] : [];
}
