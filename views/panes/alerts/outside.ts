import type {Alert} from '../../../source/alerts/types.js';
import type {NamedResources} from '../../../source/alerts/named-resources.js';
import {compareText} from '../../../source/compare-text.js';
import {kindOf} from '../../../source/kinds.js';
import type {Resource} from '../../../source/model.js';
import type {Store} from '../../../source/store.js';

/** What an alert raised outside opsdeck (Alertmanager's) carries beyond opsdeck's own: its labels, its link, what it names. */
export interface OutsideFacts {
	/** The resource the outside alert is stored as: what its actions (silence, open-link) run on. */
	source: Resource;
	labels: Readonly<Record<string, string>>;
	link?: {title: string; url: string};
	/** What it names (an `instance` label), as written. */
	about?: string;
	/** The resource in the store it names, where the store has one. */
	subject?: Resource;
}

/** The outside facts of an alert, or undefined for opsdeck's own. */
export function outsideFacts(alert: Alert, store: Store, names: NamedResources): OutsideFacts | undefined {
	const source = store.get(alert.resourceId);
	if (!source) return undefined;
	const kind = kindOf(source);
	if (!kind.about && !kind.link) return undefined;
	const about = kind.about?.(source);
	const link = kind.link?.(source);
	const subject = about === undefined ? undefined : names.find(about);
	return {source, labels: source.tags, ...(link ? {link} : {}), ...(about === undefined ? {} : {about}), ...(subject ? {subject} : {})};
}

/** The RESOURCE column of an outside alert: the resource it names, else the name as written, else the alert's own. */
export function outsideSubject(facts: OutsideFacts | undefined, alert: Alert): string {
	return facts?.subject?.name ?? facts?.about ?? alert.resourceName;
}

/** The silences the store holds, of every kind that declares itself one, soonest to end first. */
export function silences(store: Store): Resource[] {
	return store
		.list()
		.filter(resource => kindOf(resource).silence)
		.sort((a, b) => compareText(String(a.attributes.endsAt), String(b.attributes.endsAt)) || compareText(a.id, b.id));
}
