import {STATE_COLUMN, type KindTraits} from '../../../source/kinds.js';
import type {AttributeValue, Resource} from '../../../source/model.js';

/** One row per account, under `ACCOUNT/global`: the settings that belong to the account, not to any resource in it. */
export const ACCOUNT = 'aws:account';

/** Each trail line that says a trail logs every region. */
export function loggingMultiRegionTrails(trails: AttributeValue | undefined): string[] {
	return Array.isArray(trails) ? trails.filter((line): line is string => typeof line === 'string' && line.includes('(multi-region, logging')) : [];
}

/** A yes-or-no setting in a column: `?` while its source has not answered. */
const flag = (value: AttributeValue | undefined, yes: string, no: string) => (value === true ? yes : value === false ? no : '?');
const count = (value: AttributeValue | undefined) => (Array.isArray(value) ? String(value.length) : '?');

export const ACCOUNT_KINDS: Record<string, KindTraits> = {
	[ACCOUNT]: {
		plural: 'accounts',
		// Each setting's change is a CIS finding firing or resolving, which the alerts keep; and a setting a later run
		// may not read (`unknown`) would otherwise read as changed.
		drift: {volatile: ['rootMfa', 'rootAccessKeys', 'consoleUsers', 'consoleUsersWithoutMfa', 'trails', 'ebsEncryptionByDefault']},
		columns: [
			// `(stale)` while a source behind the row cannot be read.
			{...STATE_COLUMN, width: 14},
			{title: 'ROOT MFA', width: 8, value: (r: Resource) => flag(r.attributes.rootMfa, 'on', 'off')},
			{title: 'ROOT KEYS', width: 9, value: r => flag(r.attributes.rootAccessKeys, 'present', 'none')},
			{title: 'NO MFA', width: 6, align: 'right', value: r => count(r.attributes.consoleUsersWithoutMfa)},
			{title: 'TRAIL', width: 5, value: r => (Array.isArray(r.attributes.trails) ? (loggingMultiRegionTrails(r.attributes.trails).length > 0 ? 'on' : 'off') : '?')},
			{title: 'ID', width: 12, value: r => r.nativeId},
		],
	},
};
