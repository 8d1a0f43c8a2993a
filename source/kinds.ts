import type {AlertsConfig} from './alerts/rules.js';
import type {ResourceRule} from './alerts/types.js';
import type {AttributeValue, Resource} from './model.js';
import type {Store} from './store.js';

/**
 * The one registry of resource kinds, keyed by provider and type. Each provider declares its kinds in
 * `providers/<name>/kinds.ts`, which imports no SDK, and the start-up code (cli, bench, the test setup)
 * registers them through `providers/kinds.ts`. Everything the core knows of a kind (its columns, drift,
 * trouble, palette word, search fields, restore, secrets, stale look and alert rules) comes from here, so
 * no file in source/, views/ or cli/ names a provider's type.
 */

/** Which kind a resource or group is: a provider's type, never the type alone. */
export interface KindRef {
	provider: string;
	type: string;
}

export interface Column {
	title: string;
	width: number;
	align?: 'left' | 'right';
	value(resource: Resource): string;
	/** What the column sorts by, where its text would sort wrongly (numbers, durations); else its text. */
	sortValue?(resource: Resource): string | number;
	/**
	 * The shift letter that sorts every group by this column's title, so each column with this title declares
	 * the same one (a test holds them to it). It keeps clear of the action keys (K D T), of G and R, and of
	 * lowercase keys, as the keymap's conflict check makes sure.
	 */
	sortKey?: string;
	/** Its sort's name in the `keys` config, `sort:<name>`; the title in lowercase letters and digits if unsaid. */
	sortName?: string;
	/** Shown only where its value differs within a group (ENGINE, where a group holds more than one engine's rows). */
	onlyWhereItVaries?: boolean;
	/**
	 * How long it stays when the terminal is narrow: the columns with the lowest go first, the rightmost of equals
	 * first. 0 if unsaid, so with none said columns drop from the right.
	 */
	keep?: number;
}

export interface DriftDeclaration {
	/** Attributes that change without anyone changing the configuration: times, counters, health, derived views. */
	volatile?: readonly string[];
	/** Attributes holding `NAME=value` lists, compared by name so a changed value reads as one change. */
	keyed?: readonly string[];
	/**
	 * What makes a resource the same one across two readings, when its id does not: a recreated container gets
	 * a new id but keeps its name, and what changed is its configuration, not its existence.
	 */
	identity?(resource: Resource): string;
}

export interface RestoreDeclaration {
	/** What undoing its creation is called in the plan: `terminate`, `remove`. */
	verb: string;
	/** States in which the resource is already on its way out, so there is nothing to undo. */
	ending: readonly string[];
	/**
	 * Why this resource is kept rather than removed, or undefined when it goes. `settings` are its own provider's
	 * (`Settings.provider[resource.provider]`), which only the provider knows the shape of.
	 */
	keptBecause?(resource: Resource, settings: unknown): string | undefined;
	/** A line the dry run adds once when the plan holds any resource of this kind. */
	dryRunNote?: string;
}

/** Where a kind's values can carry a secret; the names within them that look secret are what get hidden. */
export interface SecretFields {
	/** Attributes holding `NAME=value` lists (a container's env). */
	keyedLists?: readonly string[];
	/** Attributes whose free text can carry one inline (a process's command line). */
	text?: readonly string[];
	/** The resource's tags (Docker's labels). */
	tags?: boolean;
	/** Attributes whose names look secret but hold none (an instance's key pair name), shown as they are. */
	plain?: readonly string[];
}

/** A row's shape as the stale look changes it: the same for a resource or a provider's item before it is one. */
export interface StaleRow {
	state: string;
	attributes: Record<string, AttributeValue>;
}

/**
 * A resource this kind names by id in its own attributes (an instance's security groups, a volume's instance), of
 * the same provider and scope. Declared once, on the side that holds the id; the related view reads it both ways.
 */
export interface Reference {
	/** What the resources named are to this one: `security groups`. */
	label: string;
	/** What this one is to them: `instances`. */
	reverse: string;
	/** Their type. */
	type: string;
	/** Their native ids, from this resource's attributes. */
	ids(resource: Resource): readonly string[];
	/**
	 * Where they live, when not in this resource's own scope (an account's region-less rows). Such a reference is
	 * followed from this resource only: the other way would mean searching every scope.
	 */
	scope?(resource: Resource): string;
}

/** The search qualifiers whose field a kind adds to: `region:` and `engine:` match what it returns too. */
export type QualifierField = 'region' | 'engine';

/** What a provider says about one of its types. Every part is optional: an undeclared part has a default. */
export interface KindTraits {
	/** Beside the name; when the terminal is narrow, dropped by their `keep`, then from the right. */
	columns?: readonly Column[];
	/** Where its group comes among the provider's groups; undeclared types follow, alphabetically. */
	groupOrder?: number;
	/** Its order when no column is chosen, before the name; by name alone when undeclared. */
	naturalOrder?(a: Resource, b: Resource): number;
	drift?: DriftDeclaration;
	/** Why a resource is in trouble by its own report, or undefined when it is not. */
	trouble?(resource: Resource): string | undefined;
	/** Its state is a sample that flips every refresh (a process sleeping or running), not a change. */
	sampledState?: boolean;
	/**
	 * Its state is summed up from other resources' (a compose project's from its containers'), which report their
	 * own changes: a change of it is theirs counted twice, so recent changes and the state deltas leave it out.
	 */
	derivedState?: boolean;
	/**
	 * Many come and go every refresh as a matter of course (processes): the timeline counts them in one line per
	 * refresh rather than a line each, leaves that line out unless asked, and records no drift of one (its
	 * identity, a pid, does not last).
	 */
	churns?: boolean;
	/** The `:word` the palette offers before the provider has reported any; otherwise the word comes from the type. */
	plural?: string;
	/** Text added to a qualifier's field (an AWS region from the scope, a Docker engine's name). */
	qualifiers?: Partial<Record<QualifierField, (resource: Resource) => string>>;
	/** The subgroup its rows are listed under within their type (a container's compose project), or undefined for none. */
	subgroup?(resource: Resource): string | undefined;
	restore?: RestoreDeclaration;
	secrets?: SecretFields;
	/** How a row read before its source failed is shown until the source reads again. */
	markStale?<T extends StaleRow>(row: T, note: string): T;
	/**
	 * The resources it names by id, which the detail view lists with those naming it (k9s's xray). Declared once, by
	 * the kind holding the ids; its provider's default references come too.
	 */
	references?: readonly Reference[];
	/** A few words for it where it is listed as related to another, in place of its state (a cost row's spend). */
	brief?(resource: Resource): string;
	/** The resources an action on this one fans out to (a compose project's containers); itself when undeclared. */
	members?(resource: Resource, store: Pick<Store, 'list'>): Resource[];
	/**
	 * For an alert raised outside opsdeck (Alertmanager's): the name or instance of the resource it is about, which
	 * the Alerts pane looks for in the store. Its tags are the alert's labels.
	 */
	about?(resource: Resource): string | undefined;
	/** A page that explains the resource (an alert's runbook), which the Alerts pane shows, opens and copies. */
	link?(resource: Resource): {title: string; url: string} | undefined;
	/** Its resources are silences of outside alerts: the Alerts pane lists them, and expires them with its own key. */
	silence?: boolean;
}

/**
 * A provider that reports a status per member of something larger (a Prometheus server's targets, one per
 * host): the header and the on-call view count the members under the larger one's line, rather than listing
 * a thousand statuses.
 */
export interface FleetDeclaration {
	/** What a member is, counted: `hosts`. */
	noun: string;
	/** The status a member's status is counted under (`prometheus:lab` for `prometheus:lab/10.0.0.7:9100`), or undefined for a status of its own line. */
	parentOf(status: string): string | undefined;
}

export interface ProviderKinds {
	provider: string;
	/** Where its statuses are members of larger ones, how the summaries count them. */
	fleet?: FleetDeclaration;
	/** What each of the provider's kinds has unless its own declaration says otherwise, undeclared types included. */
	defaults?: KindTraits;
	/** By type. */
	kinds: Readonly<Record<string, KindTraits>>;
	/** The provider's own alert rules and posture checks; each looks at this provider's resources only. */
	rules?(config: AlertsConfig): ResourceRule[];
}

/** A kind with its declaration resolved over its provider's defaults and the general ones. */
export type Kind = KindRef &
	Required<Pick<KindTraits, 'columns' | 'markStale' | 'members'>> &
	Omit<KindTraits, 'columns' | 'markStale' | 'members'> & {
		/** Whether the provider declared this type, rather than only reporting it. */
		declared: boolean;
	};

export const STATE_COLUMN: Column = {title: 'STATE', width: 10, value: r => r.state, sortKey: 'S'};

export const STALE_SUFFIX = ' (stale)';

/** The default stale look: `… (stale)` after the state, and a `stale` attribute saying since when and why. */
export function markStale<T extends StaleRow>(row: T, note: string): T {
	// The note goes first, so a detail view shows it without scrolling.
	return {...row, state: row.state ? `${row.state}${STALE_SUFFIX}` : 'stale', attributes: {stale: note, ...row.attributes}};
}

/** The state with the stale look taken off: a failed read is not a state change. */
export function normalState(state: string): string {
	if (state === 'stale') return '';
	return state.endsWith(STALE_SUFFIX) ? state.slice(0, -STALE_SUFFIX.length) : state;
}

const GENERAL: Pick<Kind, 'columns' | 'markStale' | 'members'> = {
	columns: [STATE_COLUMN],
	markStale,
	members: resource => [resource],
};

const providers = new Map<string, ProviderKinds>();
// Resolved kinds by provider, then type: two lookups and no string building, as the search index and the
// diff ask once per resource.
const resolved = new Map<string, Map<string, Kind>>();

/** Adds a provider's kinds, or replaces them when the provider registered before. */
export function registerKinds(declaration: ProviderKinds): void {
	providers.set(declaration.provider, declaration);
	resolved.delete(declaration.provider);
}

/** The kind of a resource or group; one nobody declared gets the general defaults. */
export function kindOf(ref: KindRef): Kind {
	let byType = resolved.get(ref.provider);
	if (!byType) resolved.set(ref.provider, (byType = new Map()));
	let kind = byType.get(ref.type);
	if (!kind) {
		const declaration = providers.get(ref.provider);
		const own = declaration?.kinds[ref.type];
		const references = [...(declaration?.defaults?.references ?? []), ...(own?.references ?? [])];
		kind = {...GENERAL, ...declaration?.defaults, ...own, references, provider: ref.provider, type: ref.type, declared: own !== undefined};
		byType.set(ref.type, kind);
	}
	return kind;
}

/** How a provider's statuses are counted in the summaries, where it reports one per member of a fleet. */
export function fleetOf(provider: string): FleetDeclaration | undefined {
	return providers.get(provider)?.fleet;
}

/** Every declared kind of every registered provider, in registration order. */
export function declaredKinds(): Kind[] {
	return [...providers.values()].flatMap(declaration => Object.keys(declaration.kinds).map(type => kindOf({provider: declaration.provider, type})));
}

/**
 * Every registered provider's alert rules and posture checks, each bound to its provider's resources: the
 * engine keys it by provider and type, and its test holds for that provider's resources only, whoever calls it.
 */
export function kindRules(config: AlertsConfig): ResourceRule[] {
	return [...providers.values()].flatMap(({provider, rules}) =>
		(rules?.(config) ?? []).map(rule => ({...rule, provider, test: (resource: Resource, now: number) => (resource.provider === provider ? rule.test(resource, now) : undefined)})),
	);
}
