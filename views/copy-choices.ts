import type {Resource} from '../source/model.js';
import type {Choice} from './components/ChoiceMenu.js';

/** What `y` offers to copy of a resource: its id, its ARN where it has one, and its name. */
export function copyChoices(resource: Resource, copy: (text: string, what: string) => void): Choice[] {
	const arn = resource.attributes.arn;
	const choices: Array<[string, string]> = [
		['id', resource.nativeId],
		...(typeof arn === 'string' ? [['ARN', arn] as [string, string]] : []),
		['name', resource.name],
	];
	return choices.map(([what, text]) => ({label: `${what.padEnd(5)} ${text}`, run: () => copy(text, `the ${what} of ${resource.name} (${text})`)}));
}
