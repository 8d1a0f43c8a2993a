// Writes config.schema.json from the declaration in cli/config-schema.ts; the file is published for editors.
// Run as `npm run schema`, from the package root.
import {writeFileSync} from 'node:fs';
import {schemaText} from '../cli/config-schema.js';
import {registerProviderKinds} from '../providers/kinds.js';

// The kinds name the sort commands among the `keys`.
registerProviderKinds();
writeFileSync('schema/config.schema.json', schemaText());
