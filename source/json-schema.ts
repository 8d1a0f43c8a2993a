/**
 * JSON Schema nodes that carry the TypeScript type of the values they accept, so the config file's schema,
 * its type and its defaults come from one declaration: ajv validates with the node, `Infer` gives the type,
 * and `npm run schema` writes the same node to schema/config.schema.json for editors.
 */

declare const VALUE: unique symbol;
// The definitions a `$ref` points at travel with it under a symbol, which JSON.stringify and ajv skip.
const DEFINITION = Symbol('definition');

export interface Schema<T> {
	readonly [VALUE]?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

interface Described {
	description?: string;
}

/** `default` is both documented in the description and published as the JSON Schema annotation. */
function withDefault<D>(options: Described & {default?: D}): Record<string, unknown> {
	const {default: value, description, ...rest} = options;
	if (value === undefined) return {...rest, ...(description === undefined ? {} : {description})};
	if (description === undefined) return {...rest, default: value};
	return {...rest, default: value, description: `${description} (default ${JSON.stringify(value)}).`};
}

function node<T>(json: Record<string, unknown>): Schema<T> {
	return json as Schema<T>;
}

export function string(options: Described & {minLength?: number; pattern?: string; default?: string} = {}): Schema<string> {
	return node({type: 'string', ...withDefault(options)});
}

export function number(options: Described & {minimum?: number; maximum?: number; default?: number} = {}): Schema<number> {
	return node({type: 'number', ...withDefault(options)});
}

export function integer(options: Described & {minimum?: number; maximum?: number; default?: number} = {}): Schema<number> {
	return node({type: 'integer', ...withDefault(options)});
}

export function boolean(options: Described & {default?: boolean} = {}): Schema<boolean> {
	return node({type: 'boolean', ...withDefault(options)});
}

export function oneOf<const T extends string>(values: readonly T[], options: Described & {default?: T} = {}): Schema<T> {
	return node({enum: [...values], ...withDefault(options)});
}

export function array<T>(items: Schema<T>, options: Described & {minItems?: number; uniqueItems?: boolean; default?: T[]} = {}): Schema<T[]> {
	return node({type: 'array', items, ...withDefault(options)});
}

type Properties = Record<string, Schema<unknown>>;
type Simplify<T> = {[K in keyof T]: T[K]} & {};
export type ObjectOf<P extends Properties, R extends keyof P> = Simplify<{[K in R]: Infer<P[K]>} & {[K in Exclude<keyof P, R>]?: Infer<P[K]>}>;

/** An object that refuses unknown keys, as a typo in config must never be silently ignored. */
export function object<P extends Properties, R extends keyof P & string = never>(
	properties: P,
	options: Described & {required?: readonly R[]} = {},
): Schema<ObjectOf<P, R>> {
	const {description, required} = options;
	return node({type: 'object', additionalProperties: false, ...(description === undefined ? {} : {description}), ...(required ? {required: [...required]} : {}), properties});
}

/** An object whose keys are drawn from a list and whose values all have one schema. */
export function record<const K extends string, V>(keys: readonly K[], values: Schema<V>, options: Described = {}): Schema<Partial<Record<K, V>>> {
	return node({type: 'object', ...options, propertyNames: {enum: [...keys]}, additionalProperties: values});
}

/** A node no builder above can say (a union of JSON types); its type is declared beside it. */
export function literal<T>(json: Record<string, unknown>): Schema<T> {
	return node(json);
}

/** A named node, written once under `definitions` and referred to wherever it is used. */
export function reference<T>(name: string, target: Schema<T>, options: Described = {}): Schema<T> {
	return node({$ref: `#/definitions/${name}`, ...options, [DEFINITION]: {name, target}});
}

/** The root of a schema document: the object, then every definition its references use, in first-use order. */
export function document<T>(header: Record<string, unknown>, root: Schema<T>): Schema<T> {
	const definitions: Record<string, unknown> = {};
	const visit = (value: unknown): void => {
		if (typeof value !== 'object' || value === null) return;
		const definition = (value as {[DEFINITION]?: {name: string; target: unknown}})[DEFINITION];
		if (definition && !(definition.name in definitions)) definitions[definition.name] = definition.target;
		for (const child of Object.values(value)) visit(child);
	};
	visit(root);
	return node({...header, ...(root as Record<string, unknown>), definitions});
}
