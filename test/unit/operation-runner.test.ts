/**
 * The shared operation runner: every item validated before the first send, bounded concurrency,
 * input order and pairedItem, batches packed by limit, weight and group key, per-item outcomes
 * inside a batch, continueOnFail, and an honest failure report numbered as n8n's UI numbers items.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { InputError, VendorError } from '../../nodes/shared/errors';
import { runOperation } from '../../nodes/shared/items';
import type { Operation, OperationRun } from '../../nodes/shared/operation';
import { ItemParameters } from '../../nodes/shared/parameters';
import { TransportError } from '../../nodes/shared/transport';
import { itemsContext } from './support/n8nContexts';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Credentials = { key: string };

function runOf(count: number, continueOnFail = false): OperationRun<Credentials> {
	const context = itemsContext(count, continueOnFail);
	return { context, parameters: new ItemParameters(context), credentials: { key: 'k1' } };
}

function each(send: (unit: number) => Promise<IDataObject>, prepare = (i: number): number => i, concurrency = 10): Operation<Credentials, number> {
	return {
		value: 'send',
		name: 'Send',
		action: 'Send',
		description: '',
		properties: [],
		prepare: (_run, i) => prepare(i),
		sending: { kind: 'each', concurrency: () => concurrency, send: (_run, unit) => send(unit) },
		vendorId: (output) => (typeof output.id === 'string' ? output.id : undefined),
	};
}

function batched<U>(
	send: (units: U[]) => Promise<Array<IDataObject | Error>>,
	prepare: (i: number) => U,
	extra: { limit?: number; weight?: (u: U) => number; groupKey?: (u: U) => string } = {},
): Operation<Credentials, U> {
	return {
		value: 'send',
		name: 'Send',
		action: 'Send',
		description: '',
		properties: [],
		prepare: (_run, i) => prepare(i),
		sending: { kind: 'batch', limit: () => extra.limit ?? 3, weight: extra.weight, groupKey: extra.groupKey, send: (_run, units) => send(units) },
	};
}

describe('one request per item', () => {
	test('keeps input order and pairs every output with its item, whatever order the work finishes in', async () => {
		const out = await runOperation(runOf(6), each(async (i) => {
			await delay((6 - i) * 5);
			return { index: i };
		}));
		expect(out.map((o) => o.json.index)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
	});

	test('never runs more than the concurrency limit at once', async () => {
		let inFlight = 0;
		let peak = 0;
		const operation = each(async () => {
			peak = Math.max(peak, ++inFlight);
			await delay(5);
			inFlight--;
			return {};
		}, (i) => i, 4);
		await runOperation(runOf(30), operation);
		expect(peak).toBe(4);
	});

	test('bad input in item 18 of 30 fails the run before anything is sent, naming the field and the item as the UI numbers it', async () => {
		const send = jest.fn(async (i: number) => ({ id: `m${i}` }));
		const operation = each(send, (i) => {
			if (i === 17) throw new InputError('To', '"To" is not a phone number');
			return i;
		});
		const error = await runOperation(runOf(30), operation).catch((e: unknown) => e);
		expect(send).not.toHaveBeenCalled();
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('"To" is not a phone number');
		expect((error as NodeOperationError).description).toContain('Check the "To" field of item 18.');
		expect((error as NodeOperationError).description).toContain('Nothing was sent');
		expect((error as NodeOperationError).context.itemIndex).toBe(17);
	});

	test('every bad item is listed, not only the first', async () => {
		const error = await runOperation(runOf(5), each(async () => ({}), (i) => {
			if (i % 2 === 1) throw new InputError('Text', '"Text" is empty');
			return i;
		})).catch((e: unknown) => e);
		expect((error as NodeOperationError).description).toContain('Items with bad input: 2, 4.');
	});

	test('with continueOnFail, failed items carry their error and the rest are still sent', async () => {
		const sent: number[] = [];
		const operation = each(async (i) => {
			if (i === 1) throw new VendorError('Vendor', 400, 'text: too long', { title: 'Constraint Violation' });
			sent.push(i);
			return { ok: i };
		}, (i) => {
			if (i === 2) throw new InputError('From', '"From" is empty');
			return i;
		}, 2);
		const out = await runOperation(runOf(4, true), operation);
		expect(sent.sort()).toEqual([0, 3]);
		expect(out[1].json.error).toBe('Vendor refused the request (HTTP 400): text: too long');
		expect(out[1].json.httpCode).toBe('400');
		expect(out[2].json.error).toBe('"From" is empty');
		expect(out[2].pairedItem).toEqual({ item: 2 });
		expect(out[3].json).toEqual({ ok: 3 });
	});

	test('a refusal mid-run stops new items; the error lists the items sent with their vendor ids, from 1', async () => {
		const started: number[] = [];
		const operation = each(async (i) => {
			started.push(i);
			await delay(i === 3 ? 1 : 10);
			if (i === 3) throw new VendorError('Vendor', 500, 'internal error', {});
			return { id: `msg-${i}` };
		}, (i) => i, 2);
		const error = await runOperation(runOf(10), operation).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('500');
		expect(apiError.context.itemIndex).toBe(3);
		expect(Math.max(...started)).toBeLessThan(6); // items after the failure never started
		expect(apiError.description).toContain('Item 4 failed.');
		const sent = apiError.context.sentItems as Array<{ item: number; vendorId: string }>;
		expect(sent.map((s) => s.item)).toEqual(started.filter((i) => i !== 3).map((i) => i + 1).sort((a, b) => a - b));
		expect(sent[0]).toEqual({ item: 1, vendorId: 'msg-0' });
		expect(apiError.description).toContain('1: msg-0');
		const notSent = apiError.context.notSentItems as number[];
		expect(notSent).toContain(10);
		expect([...sent.map((s) => s.item), 4, ...notSent].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	});

	test('a connection failure keeps our words (host, attempts, delivery) instead of n8n\'s generic text', async () => {
		const error = await runOperation(runOf(1), each(async () => {
			throw new TransportError('127.0.0.1:9: the connection was refused (ECONNREFUSED) after 4 attempts. The vendor did not receive the request.', 'ECONNREFUSED', 'no', 4);
		})).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('after 4 attempts');
		expect((error as NodeApiError).description).toContain('never reached the vendor');
	});

	test('a 401 on cached credentials reads them fresh once and sends that item again', async () => {
		const keys: string[] = [];
		const operation = each(async (i) => {
			keys.push(`${i}:${run.credentials.key}`);
			if (run.credentials.key === 'k1') throw new VendorError('Vendor', 401, 'Unauthorized', {});
			return {};
		}, (i) => i, 1);
		const run = runOf(2);
		const refresh = jest.fn(async () => ({ key: 'k2' }));
		await runOperation(run, operation, refresh);
		expect(refresh).toHaveBeenCalledTimes(1);
		expect(keys).toEqual(['0:k1', '0:k2', '1:k2']);
	});

	test('unchanged credentials after a 401 fail the item without a second send', async () => {
		let sends = 0;
		const operation = each(async () => {
			sends++;
			throw new VendorError('Vendor', 401, 'Unauthorized', {});
		});
		const error = await runOperation(runOf(1), operation, async () => undefined).catch((e: unknown) => e);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(sends).toBe(1);
	});
});

describe('batched requests', () => {
	test('packs units up to the limit and maps each answer back to its item', async () => {
		const requests: number[][] = [];
		const out = await runOperation(runOf(7), batched(async (units: number[]) => {
			requests.push(units);
			return units.map((u, position) => ({ value: `m${u}`, position }));
		}, (i) => i));
		expect(requests).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
		expect(out.map((o) => o.json.value)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
		expect(out.map((o) => o.json.position)).toEqual([0, 1, 2, 0, 1, 2, 0]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5, 6].map((item) => ({ item })));
	});

	test('units with different group keys never share a request; weights count against the limit', async () => {
		type Unit = { i: number; text: string; recipients: number };
		const requests: number[][] = [];
		const units: Unit[] = [
			{ i: 0, text: 'a', recipients: 2 },
			{ i: 1, text: 'b', recipients: 1 },
			{ i: 2, text: 'a', recipients: 3 },
			{ i: 3, text: 'a', recipients: 1 },
			{ i: 4, text: 'b', recipients: 5 },
		];
		await runOperation(runOf(5), batched(async (batch: Unit[]) => {
			requests.push(batch.map((u) => u.i));
			return batch.map(() => ({}));
		}, (i) => units[i], { limit: 5, weight: (u) => u.recipients, groupKey: (u) => u.text }));
		expect(requests).toEqual([[0, 2], [1], [3], [4]]);
	});

	test('one refused entry fails only its item; its neighbours in the same request succeed (continueOnFail)', async () => {
		const out = await runOperation(runOf(4, true), batched(async (units: number[]) =>
			units.map((u) => (u === 2 ? new VendorError('Vendor', 200, 'invalid number', {}, '7004') : { ok: u })),
		(i) => i, { limit: 10 }));
		expect(out.map((o) => o.json.ok ?? o.json.vendorCode)).toEqual([0, 1, '7004', 3]);
		expect(out[2].json.error).toContain('invalid number');
	});

	test('without continueOnFail a refused entry fails the run and its neighbours count as sent', async () => {
		const error = await runOperation(runOf(4), batched(async (units: number[]) =>
			units.map((u) => (u === 2 ? new VendorError('Vendor', 200, 'invalid number', {}, '7004') : { ok: u })),
		(i) => i, { limit: 10 })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toContain('Item 3 failed.');
		expect(((error as NodeApiError).context.sentItems as Array<{ item: number }>).map((s) => s.item)).toEqual([1, 2, 4]);
	});

	test('a refused request fails every item of its batch; with continueOnFail later batches go on', async () => {
		const out = await runOperation(runOf(5, true), batched(async (units: number[]) => {
			if (units[0] === 2) throw new VendorError('Vendor', 400, 'bad body', { status: { code: 1001 } }, 1001);
			return units.map(() => ({ ok: true }));
		}, (i) => i, { limit: 2 }));
		expect(out.map((o) => o.json.ok ?? o.json.vendorCode)).toEqual([true, true, 1001, 1001, true]);
		expect(out[2].json.error).toBe('Vendor refused the request (HTTP 400, code 1001): bad body');
	});

	test('without continueOnFail, a refused batch stops later batches and the error names what was sent', async () => {
		const sentBatches: number[] = [];
		const error = await runOperation(runOf(6), batched(async (units: number[]) => {
			sentBatches.push(units[0]);
			if (units[0] === 2) throw new VendorError('Vendor', 500, 'internal', {});
			return units.map(() => ({}));
		}, (i) => i, { limit: 2 })).catch((e: unknown) => e);
		expect(sentBatches).toEqual([0, 2]);
		const apiError = error as NodeApiError;
		expect(apiError.context.itemIndex).toBe(2);
		expect(apiError.description).toContain('Items 3-4 failed together (one request).');
		expect((apiError.context.sentItems as Array<{ item: number }>).map((s) => s.item)).toEqual([1, 2]);
		expect(apiError.context.notSentItems).toEqual([5, 6]);
	});
});
