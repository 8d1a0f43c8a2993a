import {UsageError} from '../config.js';
import type {Infer} from '../json-schema.js';
import type {AttributeValue, Resource} from '../model.js';
import {parseQuery, quoteProblem} from '../search/query.js';
import {matchesQuery} from '../search/search-index.js';
import type {USER_RULE} from './config.js';
import type {ResourceRule, Severity} from './types.js';

export const OPERATORS = ['>', '>=', '<', '<=', '==', '!=', 'contains'] as const;
type Operator = (typeof OPERATORS)[number];

/** A rule as written in config under alerts.rules. */
export type UserRuleConfig = Infer<typeof USER_RULE>;

const FIELD = /^(state|name|(attributes|metrics|tags)\.[^.]+)$/;
const NUMERIC: ReadonlySet<Operator> = new Set(['>', '>=', '<', '<=']);

function read(resource: Resource, field: string): AttributeValue | undefined {
	if (field === 'state') return resource.state;
	if (field === 'name') return resource.name;
	const dot = field.indexOf('.');
	const key = field.slice(dot + 1);
	const section = field.slice(0, dot) as 'attributes' | 'metrics' | 'tags';
	return resource[section][key];
}

function holds(actual: AttributeValue | undefined, op: Operator, expected: string | number | boolean): boolean {
	if (actual === undefined || actual === null) return false;
	switch (op) {
		case '>':
			return Number(actual) > Number(expected);
		case '>=':
			return Number(actual) >= Number(expected);
		case '<':
			return Number(actual) < Number(expected);
		case '<=':
			return Number(actual) <= Number(expected);
		case '==':
			return String(actual) === String(expected);
		case '!=':
			return String(actual) !== String(expected);
		case 'contains':
			return (Array.isArray(actual) ? actual.map(String) : String(actual)).includes(String(expected));
	}
}

/**
 * Text fields by what the model guarantees: the state, the name and every tag value are strings, and metrics
 * numbers. Attributes hold whatever the provider reports, so a number comparison on one is left to run.
 */
function textField(field: string): string | undefined {
	if (field === 'state' || field === 'name') return `${field} is text`;
	if (field.startsWith('tags.')) return `${field} is text, as every tag value is`;
	return undefined;
}

/** Checks what the schema cannot: the field's shape, numbers for a numeric comparison, a selector that says something. */
function problem(rule: UserRuleConfig): string | undefined {
	if (!FIELD.test(rule.field)) return `field "${rule.field}" must be state, name, attributes.NAME, metrics.NAME or tags.NAME`;
	const text = NUMERIC.has(rule.op) ? textField(rule.field) : undefined;
	if (text) return `op "${rule.op}" compares numbers, but ${text}; use ==, != or contains`;
	if (NUMERIC.has(rule.op) && typeof rule.value !== 'number') return `op "${rule.op}" compares numbers, so value must be a number`;
	const quote = quoteProblem(rule.select);
	if (quote) return `select ${quote}`;
	if (parseQuery(rule.select).terms.length === 0) return 'select is empty; give a filter such as "type:container"';
	return undefined;
}

/**
 * Compiles config rules, or throws one line naming the first bad rule and what is wrong with it. `builtIn` holds
 * the built-in rule ids: a rule of the user's named like one would read as that rule in alerts and in
 * alerts.disable.
 */
export function userRules(configs: readonly UserRuleConfig[], builtIn: ReadonlySet<string>): ResourceRule[] {
	const names = new Set<string>();
	return configs.map(config => {
		const why = names.has(config.name)
			? 'another rule has the same name'
			: builtIn.has(config.name)
				? 'a built-in rule has that name; give yours another (alerts.disable turns the built-in off)'
				: problem(config);
		if (why) throw new UsageError(`alert rule "${config.name}": ${why}; fix alerts.rules in the config file`);
		names.add(config.name);
		const query = parseQuery(config.select);
		return {
			id: `user.${config.name}`,
			kind: 'alert',
			severity: config.severity,
			forMs: (config.for ?? 0) * 1000,
			test: (resource: Resource) => {
				const actual = read(resource, config.field);
				if (!holds(actual, config.op, config.value) || !matchesQuery(resource, query)) return undefined;
				return `${config.field} is ${JSON.stringify(actual)} (${config.op} ${JSON.stringify(config.value)})`;
			},
		};
	});
}
