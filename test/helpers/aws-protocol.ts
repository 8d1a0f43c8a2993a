import {randomUUID} from 'node:crypto';
import type http from 'node:http';
import type {AwsWorld, FakeRegion} from './aws-world.js';

/**
 * What the test endpoint's service modules share: an error an API answers with, paging by token, and the wire
 * shapes of the AWS protocols the modules speak (Query/XML, JSON 1.0, REST/JSON). Each regional service is a
 * `RegionalService` in a module of its own; the endpoint routes a request to one by the service its SigV4
 * signature names.
 */

export class ApiError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export function page<T>(items: readonly T[], token: string | null | undefined, size: number): {items: T[]; next?: string} {
	const start = token ? Number(token) : 0;
	const end = start + size;
	return {items: items.slice(start, end), next: end < items.length ? String(end) : undefined};
}

export function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export type XmlValue = string | number | boolean | undefined | XmlValue[] | {[tag: string]: XmlValue};

/** Objects become elements; a list's entries are each wrapped in `item(listTag)`. */
export function xml(value: XmlValue, item: (listTag: string) => string, tag = ''): string {
	if (value === undefined) return '';
	if (Array.isArray(value)) return value.map(entry => `<${item(tag)}>${xml(entry, item, item(tag))}</${item(tag)}>`).join('');
	if (typeof value === 'object') {
		return Object.entries(value)
			.filter(([, child]) => child !== undefined)
			.map(([child, inner]) => `<${child}>${xml(inner, item, child)}</${child}>`)
			.join('');
	}
	return escapeXml(String(value));
}

export interface Answer {
	status?: number;
	body: string;
	type: string;
	headers?: Record<string, string>;
}

/** What a regional service answers from. */
export interface ServiceContext {
	region: FakeRegion;
	regionName: string;
	account: string;
	world: AwsWorld;
}

export interface RegionalService {
	/** The name requests are recorded under and `denyServices` names. */
	name: string;
	/** The service its requests are signed for (SigV4's credential scope). */
	signingName: string;
	/** The operation a request asks for, and its parameters. */
	parse(request: http.IncomingMessage, body: string): {action: string; params: Record<string, unknown>};
	answer(action: string, params: Record<string, unknown>, context: ServiceContext): Answer;
	fail(error: ApiError): Answer;
	/** The error the service throttles with. */
	throttling: {code: string; status: number};
	/** The error a caller without permission gets. */
	denied(action: string): ApiError;
}

const requestId = () => randomUUID();

/**
 * A service of the AWS Query protocol (RDS, ELB, Auto Scaling): a form body naming the action, an XML answer in
 * `<ActionResponse><ActionResult>`. Lists are `<member>` entries unless the service's model names them (`listItems`).
 */
export function queryService(options: {
	name: string;
	signingName: string;
	xmlns: string;
	listItems?: Record<string, string>;
	denied: string;
	handle(action: string, params: URLSearchParams, context: ServiceContext): XmlValue;
}): RegionalService {
	const item = (tag: string) => options.listItems?.[tag] ?? 'member';
	return {
		name: options.name,
		signingName: options.signingName,
		parse(_request, body) {
			const form = new URLSearchParams(body);
			return {action: form.get('Action') ?? '', params: Object.fromEntries(form)};
		},
		answer(action, params, context) {
			const result = options.handle(action, new URLSearchParams(params as Record<string, string>), context);
			return {
				body: `<${action}Response xmlns="${options.xmlns}"><${action}Result>${xml(result, item)}</${action}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`,
				type: 'text/xml',
			};
		},
		fail: error => ({
			status: error.status,
			body: `<ErrorResponse xmlns="${options.xmlns}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
			type: 'text/xml',
		}),
		throttling: {code: 'Throttling', status: 400},
		denied: action => new ApiError(options.denied, `User is not authorized to perform: ${options.signingName}:${action}`, 403),
	};
}
