/**
 * Runs an action over a node's input items: bounded concurrency, output order = input order,
 * pairedItem on every output, continueOnFail per item. Without continueOnFail, the first failure
 * stops new items from starting, lets the ones in flight finish, and the error says exactly which
 * items were sent and which were not, so nobody is left guessing what reached the customer.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, toNodeError } from './errors';

export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 100;

export type ItemAction = (itemIndex: number) => Promise<IDataObject>;

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

export async function runPerItem(
	context: IExecuteFunctions,
	action: ItemAction,
	concurrency = DEFAULT_CONCURRENCY,
): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const limit = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(concurrency) || 1));
	const continueOnFail = context.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(count);
	const succeeded: number[] = [];
	const failure: { first?: { index: number; error: unknown } } = {};
	let next = 0;

	const recordFailure = (index: number, error: unknown) => {
		if (!failure.first || index < failure.first.index) failure.first = { index, error };
	};
	const worker = async () => {
		while (next < count && !failure.first) {
			const index = next++;
			try {
				const json = await action(index);
				results[index] = { json, pairedItem: { item: index } };
				succeeded.push(index);
			} catch (error) {
				if (continueOnFail) {
					results[index] = { json: errorItemJson(toNodeError(context.getNode(), error, index)), pairedItem: { item: index } };
				} else {
					recordFailure(index, error);
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));

	const firstFailure = failure.first;
	if (firstFailure) {
		const nodeError = toNodeError(context.getNode(), firstFailure.error, firstFailure.index);
		const sent = succeeded.sort((a, b) => a - b);
		const notSent = Array.from({ length: count }, (_, i) => i).filter((i) => results[i] === undefined && i !== firstFailure.index);
		if (count > 1) {
			const summary = `Item ${firstFailure.index} failed. Items sent: ${describeIndexes(sent)}. Items not sent: ${describeIndexes(notSent)}.`;
			nodeError.description = nodeError.description ? `${nodeError.description} ${summary}` : summary;
			nodeError.context.sentItems = sent;
			nodeError.context.notSentItems = notSent;
		}
		throw nodeError;
	}
	return results as INodeExecutionData[];
}
