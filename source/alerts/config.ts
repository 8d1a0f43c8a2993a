import {DEFAULT_THRESHOLDS} from './thresholds.js';
import {array, boolean, literal, number, object, oneOf, reference, string} from '../json-schema.js';
import {CHANNEL_TYPES} from './payloads.js';
import {SEVERITIES, type Severity} from './types.js';
import {OPERATORS} from './user-rules.js';

export const ALERT_DEFAULTS = {
	cooldown: 300,
	// A channel that does not say hears high and critical: the pager should not ring for every low finding.
	minSeverity: 'high',
	bell: false,
} as const satisfies {minSeverity: Severity} & Record<string, unknown>;

const SEVERITY = oneOf(SEVERITIES);
const RULE_NAME = string({pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$'});
const SECONDS_HELD = {minimum: 0, maximum: 86400};

export const CHANNEL = object(
	{
		name: string({minLength: 1, description: 'Shown when a delivery fails; defaults to the type.'}),
		type: oneOf(CHANNEL_TYPES),
		url: string({pattern: '^https?://', description: 'The incoming-webhook URL. Credentials (user:password@) are refused: put them in headers.'}),
		headers: literal<Record<string, string>>({
			type: 'object',
			propertyNames: {pattern: '^[A-Za-z0-9-]+$'},
			additionalProperties: {type: 'string', pattern: '^env:[A-Za-z_][A-Za-z0-9_]*$'},
			description: 'Headers sent with each delivery, each read from an environment variable, e.g. {"Authorization": "env:SLACK_TOKEN"}; the variable must be set at start.',
		}),
		minSeverity: reference('severity', SEVERITY, {description: `The least severe alert this channel hears (default ${ALERT_DEFAULTS.minSeverity}).`}),
	},
	{required: ['type', 'url']},
);

export const USER_RULE = object(
	{
		name: RULE_NAME,
		select: string({description: 'Which resources, in the / filter\'s syntax, e.g. "type:container tag:env=prod".'}),
		field: string({description: 'state, name, attributes.NAME, metrics.NAME or tags.NAME. state, name and tags are text, metrics numbers; attributes are as the provider reports them.'}),
		op: oneOf(OPERATORS),
		value: literal<string | number | boolean>({type: ['string', 'number', 'boolean']}),
		for: number({...SECONDS_HELD, description: 'Seconds the condition must hold before the alert fires', default: 0}),
		severity: reference('severity', SEVERITY),
	},
	{required: ['name', 'select', 'field', 'op', 'value', 'severity']},
);

const PERCENT = {minimum: 1, maximum: 100};

/** The `alerts` section of the config file. */
export const ALERTS_SECTION = object(
	{
		cooldown: number({
			...SECONDS_HELD,
			description: 'Seconds within which a condition that comes back reopens its resolved alert instead of raising a new one',
			default: ALERT_DEFAULTS.cooldown,
		}),
		host: object(
			{
				cpu: number({...PERCENT, default: DEFAULT_THRESHOLDS.cpu}),
				memory: number({...PERCENT, default: DEFAULT_THRESHOLDS.memory}),
				filesystem: number({...PERCENT, default: DEFAULT_THRESHOLDS.filesystem}),
				for: number({...SECONDS_HELD, default: DEFAULT_THRESHOLDS.forMs / 1000}),
			},
			{description: 'Host thresholds, in percent, and how many seconds a reading must stay over one.'},
		),
		requiredTags: array(string({minLength: 1}), {
			uniqueItems: true,
			description: 'Tag keys every AWS resource must carry; a resource without one is a low-severity finding.',
		}),
		disable: array(string({minLength: 1}), {description: 'Built-in rule ids to turn off, e.g. ["ec2.stopped"].'}),
		notify: array(CHANNEL, {description: 'Where fired and resolved alerts are sent: incoming webhooks of Slack, Microsoft Teams, Discord, or any URL that takes JSON.'}),
		bell: boolean({description: 'Ring the terminal bell when a critical alert fires', default: ALERT_DEFAULTS.bell}),
		rules: array(USER_RULE, {description: 'Your own rules: resources picked by a / filter, a condition on one field, how long it must hold, and a severity.'}),
	},
	{description: 'Alert rules, posture checks and notifications.'},
);
