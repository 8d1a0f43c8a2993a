import {registerKinds} from '../source/kinds.js';
import {alertmanagerKinds} from './alertmanager/kinds.js';
import {awsKinds} from './aws/kinds.js';
import {dockerKinds} from './docker/kinds.js';
import {hostKinds} from './host/kinds.js';
import {prometheusKinds} from './prometheus/kinds.js';

/**
 * Every provider's kinds. They import no SDK, so registering them costs the first frame nothing; a provider
 * joins the registry here, by one line, and nowhere in the core.
 */
const PROVIDER_KINDS = [dockerKinds, awsKinds, hostKinds, alertmanagerKinds, prometheusKinds];

/** Called once at start by whatever runs opsdeck: the cli, the bench, the test setup. */
export function registerProviderKinds(): void {
	for (const kinds of PROVIDER_KINDS) registerKinds(kinds);
}
