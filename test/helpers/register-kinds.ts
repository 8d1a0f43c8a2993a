import {registerProviderKinds} from '../../providers/kinds.js';

// Every test file runs as the cli does: with each provider's kinds in the registry.
registerProviderKinds();
