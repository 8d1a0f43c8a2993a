import {CORE_SECTIONS} from '../source/config.js';
import {array, document, object, oneOf, record, string, type Infer} from '../source/json-schema.js';
import {defaultProvidersText, PROVIDER_SECTIONS, PROVIDERS} from '../providers/index.js';
import {keyCommands} from '../views/keymap.js';
import {VIEWS} from '../views/panes/registry.js';

/**
 * The whole config file, declared once: the generic sections, the views and key commands the pane registry
 * knows, the providers list and each provider's own section. opsdeck validates with it, `ConfigFile` is its
 * type, and `npm run schema` publishes it as
 * schema/config.schema.json (test/config-schema.test.ts fails when that file is stale). Built when asked, after
 * the kinds are registered: the sort commands among the `keys` come from them.
 */
export const configSchema = () =>
	document(
		{
			$schema: 'http://json-schema.org/draft-07/schema#',
			title: 'opsdeck configuration',
			description: 'opsdeck reads this from $XDG_CONFIG_HOME/opsdeck/config.json, or the file named by --config or OPSDECK_CONFIG.',
		},
		object({
			...CORE_SECTIONS,
			view: oneOf(VIEWS, {description: 'The pane opsdeck opens on, or oncall for the read-only on-call view.'}),
			keys: record(keyCommands(), array(string({minLength: 1}), {minItems: 1}), {
				description:
					'Rebind keys: a command name and the keys that run it instead of its defaults, e.g. {"quit": ["q"]}. Keys are written j, G, ctrl-r, enter, esc, tab, shift-tab, pgup, pgdn, home, end, space.',
			}),
			providers: array(oneOf(PROVIDERS), {
				uniqueItems: true,
				minItems: 1,
				description: `Which providers to start. Default: ${defaultProvidersText()}.`,
			}),
			...PROVIDER_SECTIONS,
		}),
	);

export type ConfigFile = Infer<ReturnType<typeof configSchema>>;

/** The text of schema/config.schema.json. */
export function schemaText(): string {
	return `${JSON.stringify(configSchema(), null, '\t')}\n`;
}
