/** runInBatches: items per request, results mapped back, validation before sending, request-level failures. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError, VendorError } from '../../nodes/shared/errors';
import { runInBatches } from '../../nodes/shared/items';
import { itemsContext } from './support/n8nContexts';

const context = itemsContext;

test('groups items into requests of batchSize and maps each answer back to its item', async () => {
	const requests: number[][] = [];
	const out = await runInBatches(context(7), {
		prepare: (i) => `m${i}`,
		batchSize: 3,
		send: async (entries) => {
			requests.push(entries.map((e) => e.itemIndex));
			return entries.map((e, position) => ({ value: e.value, position }));
		},
	});
	expect(requests).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
	expect(out.map((o) => o.json.value)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
	expect(out.map((o) => o.json.position)).toEqual([0, 1, 2, 0, 1, 2, 0]);
	expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5, 6].map((item) => ({ item })));
});

test('batch size 1 sends every item alone', async () => {
	const send = jest.fn(async (entries: Array<{ itemIndex: number; value: number }>) => entries.map(() => ({})));
	await runInBatches(context(4), { prepare: (i) => i, batchSize: 1, send });
	expect(send).toHaveBeenCalledTimes(4);
});

test('a bad item stops the node before anything is sent (no continueOnFail)', async () => {
	const send = jest.fn(async () => [{}]);
	const error = await runInBatches(context(5), {
		prepare: (i) => {
			if (i === 3) throw new InputError('From', '"From" is empty');
			return i;
		},
		batchSize: 2,
		send,
	}).catch((e: unknown) => e);
	expect(send).not.toHaveBeenCalled();
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as NodeOperationError).context.itemIndex).toBe(3);
	expect((error as NodeOperationError).description).toContain('Items sent: none');
});

test('with continueOnFail, a bad item becomes an error item and the others still go out together', async () => {
	const requests: number[][] = [];
	const out = await runInBatches(context(4, true), {
		prepare: (i) => {
			if (i === 1) throw new InputError('Text', '"Text" is empty');
			return i;
		},
		batchSize: 10,
		send: async (entries) => {
			requests.push(entries.map((e) => e.itemIndex));
			return entries.map((e) => ({ sent: e.value }));
		},
	});
	expect(requests).toEqual([[0, 2, 3]]);
	expect(out[1].json.error).toBe('"Text" is empty');
	expect(out[1].pairedItem).toEqual({ item: 1 });
	expect(out[3].json).toEqual({ sent: 3 });
});

test('a refused request fails every item of its batch; with continueOnFail they are marked and later batches go on', async () => {
	const out = await runInBatches(context(5, true), {
		prepare: (i) => i,
		batchSize: 2,
		send: async (entries) => {
			if (entries[0].itemIndex === 2) throw new VendorError('Vendor', 400, 'bad body', { status: { code: 1001 } }, 1001);
			return entries.map(() => ({ ok: true }));
		},
	});
	expect(out.map((o) => o.json.ok ?? o.json.vendorCode)).toEqual([true, true, 1001, 1001, true]);
	expect(out[2].json.error).toBe('Vendor refused the request (HTTP 400, code 1001): bad body');
	expect(out[3].json.httpCode).toBe('400');
});

test('without continueOnFail, a refused batch stops later batches and the error names what was sent', async () => {
	const sentBatches: number[] = [];
	const error = await runInBatches(context(6), {
		prepare: (i) => i,
		batchSize: 2,
		send: async (entries) => {
			sentBatches.push(entries[0].itemIndex);
			if (entries[0].itemIndex === 2) throw new VendorError('Vendor', 500, 'internal', {});
			return entries.map(() => ({}));
		},
	}).catch((e: unknown) => e);
	expect(sentBatches).toEqual([0, 2]);
	expect(error).toBeInstanceOf(NodeApiError);
	const apiError = error as NodeApiError;
	expect(apiError.context.itemIndex).toBe(2);
	expect(apiError.description).toContain('Items 2-3 failed together (one request).');
	expect(apiError.context.sentItems).toEqual([0, 1]);
	expect(apiError.context.notSentItems).toEqual([4, 5]);
});
