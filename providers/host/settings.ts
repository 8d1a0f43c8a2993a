import type {ProviderSetup} from '../setup.js';

/** The host has no section of its own: it reads the machine opsdeck runs on, at --refresh. */
export const HOST_SETUP: ProviderSetup<never, Record<string, never>> = {
	settings: () => ({}),
	onByDefault: () => true,
	async create(common) {
		const {HostProvider} = await import('./index.js');
		return new HostProvider(common);
	},
};
