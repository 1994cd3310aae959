/**
 * The Genesys Multicloud CX node in a real n8n against the sandbox: Send Message (batched) and every
 * Delivery Receipt status reach Genesys signed and with x-ccid. Workflows: test/e2e/workflows/genesys-send.json,
 * genesys-receipt.json.
 */
import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { verify } from '../../nodes/shared/signature';
import type { RequestRecord } from '../../sandbox/recorder';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { postJson, productionUrl, sandbox } from '../harness/context';

const tenant = DEFAULT_GENESYS_TENANT;

async function mark(): Promise<number> {
	const records = await sandbox().records();
	return Math.max(0, ...records.map((record) => record.seq));
}

/** The sandbox answered 200 only after checking the signature; check it again over the recorded body. */
function expectSigned(record: RequestRecord): void {
	expect(record.status).toBe(200);
	expect(record.headers['x-ccid']).toBe(tenant.ccid);
	expect(verify(SIGNATURE, tenant.appSecret, record.headers[SIGNATURE.header], Buffer.from(JSON.stringify(record.body)))).toBe('valid');
}

describe('Genesys Multicloud CX node (real n8n)', () => {
	it('Send Message: batched, signed, each item gets its messageId and data.ids entry', async () => {
		const since = await mark();
		const reply = await postJson(productionUrl('e2e-genesys-send'), {
			messages: [
				{ from: '16504661149', to: tenant.businessIds[0], text: 'first', messageId: 'e2e-ext-1' },
				{ from: 'consumer@example.com', to: tenant.businessIds[0], text: 'second' },
				{ from: '16504661150', to: tenant.businessIds[0], text: 'third' },
			],
		});
		expect(reply.status).toBe(200);
		const out = reply.json as Array<{ messageId: string; id: string; status: { code: number } }>;
		expect(out).toHaveLength(3);
		expect(out[0].messageId).toBe('e2e-ext-1');
		expect(out[1].messageId).toMatch(/^[0-9a-f-]{36}$/);
		const records = await sandbox().records({ vendor: 'genesys', since });
		expect(records.map((r) => (r.body as { messages: unknown[] }).messages.length)).toEqual([2, 1]); // batch size 2
		records.forEach(expectSigned);
		const answered = records.flatMap((r) => (r.response as { data: { ids: string[] } }).data.ids);
		expect(out.map((o) => o.id)).toEqual(answered);
		expect(out.every((o) => o.status.code === 0)).toBe(true);
	});

	it.each([
		[{ status: 'Delivered' }, undefined],
		[{ status: 'Removed' }, undefined],
		[{ status: 'Failed', reasonCode: 350, reasonMessage: 'Message not allowed. Your account has been suspended.' }, [{ code: 350, message: 'Message not allowed. Your account has been suspended.' }]],
		[{ status: 'Failed', reasonCode: 530 }, [{ code: 530 }]],
	])('Delivery Receipt %j reaches Genesys signed', async (fields, reasons) => {
		const since = await mark();
		const reply = await postJson(productionUrl('e2e-genesys-receipt'), { messageId: 'agent-msg-1', from: tenant.businessIds[0], to: '16504661149', ...fields });
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ messageId: 'agent-msg-1', receiptStatus: fields.status, status: { code: 0 } });
		const [record] = await sandbox().records({ vendor: 'genesys', since });
		expectSigned(record);
		const expected: Record<string, unknown> = {
			channel: { from: { id: tenant.businessIds[0] }, to: { id: '16504661149' }, messageId: 'agent-msg-1' },
			type: 'Receipt',
			status: fields.status,
		};
		if (reasons) expected.reasons = reasons;
		expect(record.body).toEqual({ messages: [expected] });
	});
});
