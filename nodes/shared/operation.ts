/**
 * The one operation contract of every action node. An operation declares its parameters, how one
 * input item becomes a request unit (validated, naming the field at fault), how units are sent
 * (each alone, or batched under a per-request limit and a grouping key), and what each answer is
 * for its item. The node's Resource and Operation lists are derived from these declarations
 * (`actionProperties`), and `router.ts` runs them.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from './parameters';

/** What an operation gets while it runs: n8n's context, the item parameters, the vendor's credentials. */
export interface OperationRun<C> {
	context: IExecuteFunctions;
	parameters: ItemParameters;
	credentials: C;
}

/** Every unit in its own request. */
export interface SendEach<C, U> {
	kind: 'each';
	/** Requests in flight at once (default DEFAULT_CONCURRENCY). */
	concurrency?: (run: OperationRun<C>) => number;
	/** Sends one unit; resolves with its item's output, or throws (the item fails). */
	send: (run: OperationRun<C>, unit: U) => Promise<IDataObject>;
}

/** Several units in one request. */
export interface SendBatched<C, U> {
	kind: 'batch';
	/** The most a request may carry, counted in unit weights. */
	limit: (run: OperationRun<C>) => number;
	/** A unit's share of the limit (default 1), e.g. its number of recipients. */
	weight?: (unit: U) => number;
	/** Units with different keys never share a request (default: all may). */
	groupKey?: (unit: U) => string;
	/** Requests in flight at once (default 1). */
	concurrency?: (run: OperationRun<C>) => number;
	/**
	 * Sends the units in one request; resolves with one outcome per unit, in order: the item's output,
	 * or an Error that fails that item alone. Throws when the request as a whole failed.
	 */
	send: (run: OperationRun<C>, units: U[]) => Promise<Array<IDataObject | Error>>;
}

export interface Operation<C, U = unknown> {
	/** The option in the Operation list. */
	value: string;
	name: string;
	action: string;
	description: string;
	/** The operation's parameters; shown only for this resource and operation. */
	properties: INodeProperties[];
	/** Validates one item and builds its unit; throws InputError naming the field. Runs for every item before anything is sent. */
	prepare: (run: OperationRun<C>, itemIndex: number) => U | Promise<U>;
	sending: SendEach<C, U> | SendBatched<C, U>;
	/** The vendor's id for what an output says was sent; failure reports list these. */
	vendorId?: (output: IDataObject) => string | undefined;
}

export interface Resource<C> {
	value: string;
	name: string;
	// Each operation has its own unit type; the router only passes units back to their operation.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	operations: Array<Operation<C, any>>;
}

function byName<T extends { name: string }>(a: T, b: T): number {
	return a.name.localeCompare(b.name);
}

/** Adds `show` conditions to a property's displayOptions, keeping the ones it has. */
export function showOnlyFor(property: INodeProperties, show: Record<string, string[]>): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, ...show } } };
}

/** The Resource and Operation lists and every operation's parameters, for a node's description. */
export function actionProperties<C>(resources: Array<Resource<C>>): INodeProperties[] {
	// The defaults are the first declared resource and operation.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((resource) => ({ name: resource.name, value: resource.value })).sort(byName),
		default: resources[0].value,
	};
	const perResource = resources.flatMap((resource) => [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations
				.map((operation) => ({ name: operation.name, value: operation.value, description: operation.description, action: operation.action }))
				.sort(byName),
			default: resource.operations[0].value,
		} satisfies INodeProperties,
		...resource.operations.flatMap((operation) =>
			operation.properties.map((property) => showOnlyFor(property, { resource: [resource.value], operation: [operation.value] })),
		),
	]);
	return [resourceProperty, ...perResource];
}

/** The operation a node's parameters select, or undefined. */
export function findOperation<C>(resources: Array<Resource<C>>, resource: string, operation: string): Operation<C> | undefined {
	return resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}
