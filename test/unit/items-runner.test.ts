/** runPerItem: bounded concurrency, input order, pairedItem, continueOnFail, and an honest failure report. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError, VendorError } from '../../nodes/shared/errors';
import { runPerItem } from '../../nodes/shared/items';
import { TransportError } from '../../nodes/shared/transport';
import { itemsContext } from './support/n8nContexts';

const context = itemsContext;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('keeps input order and pairs every output with its item, whatever order the work finishes in', async () => {
	const out = await runPerItem(context(6), async (i) => {
		await delay((6 - i) * 5);
		return { index: i };
	}, 6);
	expect(out.map((o) => o.json.index)).toEqual([0, 1, 2, 3, 4, 5]);
	expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
});

test('never runs more than the concurrency limit at once', async () => {
	let inFlight = 0;
	let peak = 0;
	await runPerItem(context(30), async () => {
		peak = Math.max(peak, ++inFlight);
		await delay(5);
		inFlight--;
		return {};
	}, 4);
	expect(peak).toBe(4);
});

test('with continueOnFail, failed items carry their error and the rest are still sent', async () => {
	const sent: number[] = [];
	const out = await runPerItem(context(4, true), async (i) => {
		if (i === 1) throw new VendorError('Vendor', 400, 'text: too long', { title: 'Constraint Violation' });
		if (i === 2) throw new InputError('From', '"From" is empty');
		sent.push(i);
		return { ok: i };
	}, 2);
	expect(sent.sort()).toEqual([0, 3]);
	expect(out[1].json.error).toBe('Vendor refused the request (HTTP 400): text: too long');
	expect(out[1].json.httpCode).toBe('400');
	expect(out[2].json.error).toBe('"From" is empty');
	expect(out[2].pairedItem).toEqual({ item: 2 });
	expect(out[3].json).toEqual({ ok: 3 });
});

test('without continueOnFail, the first failure stops new items and the error says what was and was not sent', async () => {
	const started: number[] = [];
	const error = await runPerItem(context(10), async (i) => {
		started.push(i);
		await delay(i === 3 ? 1 : 10);
		if (i === 3) throw new VendorError('Vendor', 500, 'internal error', {});
		return {};
	}, 2).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	const apiError = error as NodeApiError;
	expect(apiError.httpCode).toBe('500');
	expect(apiError.context.itemIndex).toBe(3);
	expect(Math.max(...started)).toBeLessThan(6); // items after the failure never started
	expect(apiError.description).toContain('Item 3 failed.');
	const sent = apiError.context.sentItems as number[];
	const notSent = apiError.context.notSentItems as number[];
	expect([...sent, 3, ...notSent].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	expect(notSent).toContain(9);
});

test('bad input becomes a NodeOperationError naming the field', async () => {
	const error = await runPerItem(context(1), async () => {
		throw new InputError('Text', '"Text" is empty');
	}).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as NodeOperationError).message).toBe('"Text" is empty');
	expect((error as NodeOperationError).description).toContain('"Text"');
});

test('a connection failure keeps our words (host, attempts, delivery) instead of n8n\'s generic text', async () => {
	const error = await runPerItem(context(1), async () => {
		throw new TransportError('127.0.0.1:9: the connection was refused (ECONNREFUSED) after 4 attempts. The vendor did not receive the request.', 'ECONNREFUSED', 'no', 4);
	}).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect((error as NodeApiError).message).toContain('after 4 attempts');
	expect((error as NodeApiError).description).toContain('never reached the vendor');
});
