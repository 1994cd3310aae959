/**
 * Runs an operation over a node's input items. Every item is prepared (validated) before the first
 * request goes out; units are then sent with bounded concurrency; output order = input order,
 * pairedItem on every output, continueOnFail per item. Without continueOnFail, bad input fails the
 * run before anything is sent, and a refusal mid-run stops new units, lets the ones in flight
 * finish, and its error lists the items already sent with their vendor ids, so nobody is left
 * guessing what reached the customer. Items are numbered in messages as n8n's UI numbers them
 * (from 1); `context.itemIndex` stays n8n's own 0-based index.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, InputError, isAuthRefusal, toNodeError } from './errors';
import type { Operation, OperationRun, SendBatched } from './operation';

export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 100;
/** Vendor ids listed in a failure's description; all of them are in its context. */
const LISTED_VENDOR_IDS = 20;

/** 0-based indexes as the UI's 1-based item numbers, with runs collapsed: `1-17, 19`. */
export function describeItems(indexes: number[]): string {
	if (indexes.length === 0) return 'none';
	const ranges: string[] = [];
	let start = indexes[0];
	let previous = start;
	for (const index of [...indexes.slice(1), Number.NaN]) {
		if (index === previous + 1) {
			previous = index;
			continue;
		}
		ranges.push(start === previous ? `${start + 1}` : `${start + 1}-${previous + 1}`);
		start = previous = index;
	}
	return ranges.join(', ');
}

function clampConcurrency(concurrency: number): number {
	return Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(concurrency) || 1));
}

/** Lets a run read its credentials again when a vendor refused the cached ones (401). */
export type CredentialRefresh<C> = () => Promise<C | undefined>;

interface Prepared<U> {
	itemIndex: number;
	unit: U;
}

/** Units → requests: each alone, or packed by group key in input order up to the limit. */
function planRequests<C, U>(run: OperationRun<C>, operation: Operation<C, U>, prepared: Array<Prepared<U>>): Array<Array<Prepared<U>>> {
	const sending = operation.sending;
	if (sending.kind === 'each') return prepared.map((entry) => [entry]);
	const batched = sending as SendBatched<C, U>;
	const limit = Math.max(1, Math.floor(batched.limit(run)) || 1);
	const weight = (unit: U) => Math.max(1, batched.weight?.(unit) ?? 1);
	const open = new Map<string, { entries: Array<Prepared<U>>; weight: number }>();
	const requests: Array<Array<Prepared<U>>> = [];
	for (const entry of prepared) {
		const key = batched.groupKey?.(entry.unit) ?? '';
		const w = weight(entry.unit);
		let current = open.get(key);
		if (current && current.weight + w > limit) current = undefined;
		if (!current) {
			current = { entries: [], weight: 0 };
			open.set(key, current);
			requests.push(current.entries);
		}
		current.entries.push(entry);
		current.weight += w;
	}
	return requests;
}

type Outcome = { ok: true; json: IDataObject } | { ok: false; error: unknown };

export async function runOperation<C, U>(
	run: OperationRun<C>,
	operation: Operation<C, U>,
	refreshCredentials?: CredentialRefresh<C>,
): Promise<INodeExecutionData[]> {
	const { context } = run;
	const node = context.getNode();
	const count = context.getInputData().length;
	const continueOnFail = context.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(count);
	const failed = (itemIndex: number, error: unknown): INodeExecutionData => ({
		json: errorItemJson(toNodeError(node, error, itemIndex)),
		pairedItem: { item: itemIndex },
	});

	const prepared: Array<Prepared<U>> = [];
	const bad: Array<{ itemIndex: number; error: unknown }> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			prepared.push({ itemIndex, unit: await operation.prepare(run, itemIndex) });
		} catch (error) {
			bad.push({ itemIndex, error });
		}
	}
	if (bad.length && !continueOnFail) {
		const nodeError = toNodeError(node, bad[0].error, bad[0].itemIndex);
		const field = bad[0].error instanceof InputError ? `Check the "${bad[0].error.field}" field of item ${bad[0].itemIndex + 1}. ` : '';
		const others = bad.length > 1 ? `Items with bad input: ${describeItems(bad.map((b) => b.itemIndex))}. ` : '';
		nodeError.description = `${field}${others}Nothing was sent: every item is checked before the first one goes out.`;
		throw nodeError;
	}
	for (const { itemIndex, error } of bad) results[itemIndex] = failed(itemIndex, error);

	const requests = planRequests(run, operation, prepared);
	const sending = operation.sending;
	const defaultConcurrency = sending.kind === 'each' ? DEFAULT_CONCURRENCY : 1;
	const concurrency = clampConcurrency(sending.concurrency?.(run) ?? defaultConcurrency);
	let refreshed = false;

	const sendOnce = async (entries: Array<Prepared<U>>): Promise<Outcome[]> => {
		if (operation.sending.kind === 'each') {
			const json = await operation.sending.send(run, entries[0].unit);
			return [{ ok: true, json }];
		}
		const answers = await operation.sending.send(run, entries.map((e) => e.unit));
		return entries.map((_, position): Outcome => {
			const answer = answers[position];
			if (answer instanceof Error) return { ok: false, error: answer };
			return answer ? { ok: true, json: answer } : { ok: false, error: new Error('The vendor gave no answer for this item') };
		});
	};
	const attemptUnit = async (entries: Array<Prepared<U>>): Promise<Outcome[]> => {
		try {
			return await sendOnce(entries);
		} catch (error) {
			return entries.map((): Outcome => ({ ok: false, error }));
		}
	};
	// A vendor's 401 on cached credentials: read them fresh once, and send again if they changed.
	const sendUnit = async (entries: Array<Prepared<U>>): Promise<Outcome[]> => {
		const outcomes = await attemptUnit(entries);
		const refused = outcomes.every((o) => !o.ok && isAuthRefusal(o.error));
		if (refreshed || !refreshCredentials || !refused) return outcomes;
		refreshed = true;
		const fresh = await refreshCredentials().catch(() => undefined);
		if (fresh === undefined) return outcomes;
		run.credentials = fresh;
		return attemptUnit(entries);
	};

	const sent: number[] = [];
	type Failure = { itemIndex: number; error: unknown; together: number[] };
	const stop: { first?: Failure } = {};
	let next = 0;
	const worker = async () => {
		while (next < requests.length && !stop.first) {
			const entries = requests[next++];
			const outcomes = await sendUnit(entries);
			const failedHere: number[] = [];
			entries.forEach(({ itemIndex }, position) => {
				const outcome = outcomes[position];
				if (outcome.ok) {
					results[itemIndex] = { json: outcome.json, pairedItem: { item: itemIndex } };
					sent.push(itemIndex);
				} else if (continueOnFail) {
					results[itemIndex] = failed(itemIndex, outcome.error);
				} else {
					failedHere.push(itemIndex);
				}
			});
			const current = stop.first as Failure | undefined;
			if (failedHere.length && (!current || failedHere[0] < current.itemIndex)) {
				const failedOutcome = outcomes[entries.findIndex((e) => e.itemIndex === failedHere[0])] as { error: unknown };
				stop.first = { itemIndex: failedHere[0], error: failedOutcome.error, together: failedHere };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));

	// Assigned inside the workers; TypeScript cannot see that across the awaits.
	const firstFailure = stop.first as Failure | undefined;
	if (firstFailure) throw failureReport(run, operation, results, firstFailure, sent.sort((a, b) => a - b));
	return results as INodeExecutionData[];
}

/** The error of a run stopped by a refusal: the failed items, and what was and was not sent, with vendor ids. */
function failureReport<C, U>(
	run: OperationRun<C>,
	operation: Operation<C, U>,
	results: Array<INodeExecutionData | undefined>,
	failure: { itemIndex: number; error: unknown; together: number[] },
	sent: number[],
) {
	const nodeError = toNodeError(run.context.getNode(), failure.error, failure.itemIndex);
	const count = results.length;
	if (count <= 1) return nodeError;
	const failedSet = new Set(failure.together);
	const notSent = Array.from({ length: count }, (_, i) => i).filter((i) => results[i] === undefined && !failedSet.has(i));
	const what =
		failure.together.length === 1 ? `Item ${failure.itemIndex + 1} failed.` : `Items ${describeItems(failure.together)} failed together (one request).`;
	const sentIds = sent.map((itemIndex) => ({ item: itemIndex + 1, vendorId: operation.vendorId?.(results[itemIndex]?.json ?? {}) }));
	const listed = sentIds
		.filter((entry) => entry.vendorId)
		.slice(0, LISTED_VENDOR_IDS)
		.map((entry) => `${entry.item}: ${entry.vendorId}`);
	const more = sentIds.filter((entry) => entry.vendorId).length > listed.length ? ', …' : '';
	const ids = listed.length ? ` Vendor ids of the items sent: ${listed.join(', ')}${more}.` : '';
	const summary = `${what} Items sent: ${describeItems(sent)}.${ids} Items not sent: ${describeItems(notSent)}.`;
	nodeError.description = nodeError.description ? `${nodeError.description} ${summary}` : summary;
	nodeError.context.sentItems = sentIds;
	nodeError.context.notSentItems = notSent.map((i) => i + 1);
	return nodeError;
}
