/**
 * Runs an action over a node's input items: bounded concurrency, output order = input order,
 * pairedItem on every output, continueOnFail per item. Work goes out in units: one item each
 * (runPerItem) or several items in one request (runInBatches). Without continueOnFail, the first
 * failure stops new units from starting, lets the ones in flight finish, and the error says
 * exactly which items were sent and which were not, so nobody is left guessing what reached the
 * customer.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, toNodeError } from './errors';

export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 100;

export type ItemAction = (itemIndex: number) => Promise<IDataObject>;

/** One request carrying `entries`; resolves with one output per entry, in the same order. */
export type BatchAction<T> = (entries: Array<{ itemIndex: number; value: T }>) => Promise<IDataObject[]>;

export interface BatchPlan<T> {
	/** Validates one item and builds its part of a request. Throws (e.g. InputError) when the item is bad. */
	prepare: (itemIndex: number) => T | Promise<T>;
	send: BatchAction<T>;
	/** Items per request; 1 sends each item alone. */
	batchSize: number;
	/** Requests in flight at once. */
	concurrency?: number;
}

function describeIndexes(indexes: number[]): string {
	if (indexes.length === 0) return 'none';
	const ranges: string[] = [];
	let start = indexes[0];
	let previous = start;
	for (const index of [...indexes.slice(1), Number.NaN]) {
		if (index === previous + 1) {
			previous = index;
			continue;
		}
		ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
		start = previous = index;
	}
	return ranges.join(', ');
}

function clampConcurrency(concurrency: number): number {
	return Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(concurrency) || 1));
}

/** Output slots for every input item; filled in as units finish. */
type Results = Array<INodeExecutionData | undefined>;

function failedItem(context: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	return { json: errorItemJson(toNodeError(context.getNode(), error, itemIndex)), pairedItem: { item: itemIndex } };
}

/** The error thrown when a unit failed without continueOnFail: the failed unit, and what was and was not sent. */
function failureError(context: IExecuteFunctions, results: Results, failedUnit: number[], error: unknown, sent: number[]) {
	const first = failedUnit[0];
	const nodeError = toNodeError(context.getNode(), error, first);
	const count = results.length;
	if (count > 1) {
		const failedSet = new Set(failedUnit);
		const notSent = Array.from({ length: count }, (_, i) => i).filter((i) => results[i] === undefined && !failedSet.has(i));
		const what = failedUnit.length === 1 ? `Item ${first} failed.` : `Items ${describeIndexes(failedUnit)} failed together (one request).`;
		const summary = `${what} Items sent: ${describeIndexes(sent)}. Items not sent: ${describeIndexes(notSent)}.`;
		nodeError.description = nodeError.description ? `${nodeError.description} ${summary}` : summary;
		nodeError.context.sentItems = sent;
		nodeError.context.notSentItems = notSent;
	}
	return nodeError;
}

/**
 * The one item loop: runs `units` (lists of item indexes) with bounded concurrency. A unit that
 * throws fails all its items (as error items with continueOnFail, else as the thrown error).
 */
async function runUnits(
	context: IExecuteFunctions,
	results: Results,
	units: number[][],
	execute: (unit: number[]) => Promise<IDataObject[]>,
	concurrency: number,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const sent: number[] = [];
	type Failure = { unit: number[]; error: unknown };
	const failure: { first?: Failure } = {};
	let next = 0;

	const worker = async () => {
		while (next < units.length && !failure.first) {
			const unit = units[next++];
			try {
				const outputs = await execute(unit);
				unit.forEach((itemIndex, position) => {
					results[itemIndex] = { json: outputs[position] ?? {}, pairedItem: { item: itemIndex } };
				});
				sent.push(...unit);
			} catch (error) {
				if (continueOnFail) {
					for (const itemIndex of unit) results[itemIndex] = failedItem(context, error, itemIndex);
				} else {
					const current = failure.first as Failure | undefined;
					if (!current || unit[0] < current.unit[0]) failure.first = { unit, error };
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(clampConcurrency(concurrency), units.length) }, worker));

	// Assigned inside the workers; TypeScript cannot see that across the awaits.
	const firstFailure = failure.first as Failure | undefined;
	if (firstFailure) throw failureError(context, results, firstFailure.unit, firstFailure.error, sent.sort((a, b) => a - b));
	return results as INodeExecutionData[];
}

export async function runPerItem(
	context: IExecuteFunctions,
	action: ItemAction,
	concurrency = DEFAULT_CONCURRENCY,
): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const units = Array.from({ length: count }, (_, i) => [i]);
	return runUnits(context, new Array(count), units, async ([itemIndex]) => [await action(itemIndex)], concurrency);
}

/**
 * Several items per request, for APIs that take an array. Every item is prepared (validated)
 * before anything is sent: without continueOnFail a bad item stops the node with nothing sent;
 * with it, the bad item becomes an error item and the others go out. A request that fails fails
 * every item in it.
 */
export async function runInBatches<T>(context: IExecuteFunctions, plan: BatchPlan<T>): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const results: Results = new Array(count);
	const continueOnFail = context.continueOnFail();
	const prepared = new Map<number, T>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			prepared.set(itemIndex, await plan.prepare(itemIndex));
		} catch (error) {
			if (!continueOnFail) throw failureError(context, results, [itemIndex], error, []);
			results[itemIndex] = failedItem(context, error, itemIndex);
		}
	}

	const size = Math.max(1, Math.floor(plan.batchSize) || 1);
	const ready = [...prepared.keys()];
	const units: number[][] = [];
	for (let start = 0; start < ready.length; start += size) units.push(ready.slice(start, start + size));
	const execute = (unit: number[]) => plan.send(unit.map((itemIndex) => ({ itemIndex, value: prepared.get(itemIndex) as T })));
	return runUnits(context, results, units, execute, plan.concurrency ?? 1);
}
