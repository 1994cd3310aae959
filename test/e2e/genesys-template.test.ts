/**
 * templates/genesys-sms-receipts.json in a real n8n: a Genesys agent message becomes an SMS (the
 * sandbox's SMS provider), and a Delivery Receipt for it reaches Genesys.
 */
import { executions, executionsFinished, sandbox, webhookUrl } from '../harness/context';
import { GENESYS_TEMPLATE_TRIGGER_WEBHOOK_ID as TRIGGER_WEBHOOK_ID, GENESYS_TEMPLATE_WORKFLOW_ID as WORKFLOW } from '../harness/genesysTemplate';

async function receiptFor(messageId: string) {
	for (let waited = 0; waited < 10_000; waited += 200) {
		const receipt = (await sandbox().genesysReceipts()).find((record) => record.id === messageId);
		if (receipt) return receipt;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`no receipt for ${messageId}`);
}

describe('Genesys → SMS → receipt template (real n8n)', () => {
	it('an agent message goes out as SMS and Genesys gets "Delivered" for it', async () => {
		const before = (await executions(WORKFLOW)).length;
		const record = await sandbox().genesysEvent({ webhookUrl: webhookUrl(TRIGGER_WEBHOOK_ID), to: '16504661149', text: 'Your parcel ships today' });
		expect(record.genesys.matches).toBe(true);
		await executionsFinished(WORKFLOW, before + 1);
		const sms = (await sandbox().smsOutbound()).find((message) => message.text === 'Your parcel ships today');
		expect(sms).toMatchObject({ to: '+16504661149' });
		const receipt = await receiptFor(record.genesys.messageId);
		expect(receipt.request).toMatchObject({ type: 'Receipt', status: 'Delivered', channel: { to: { id: '16504661149' } } });
		expect(receipt.response).toEqual({ knownMessage: true });
	});

	it('an SMS the provider refuses becomes a "Failed" receipt with reason 500 and the provider\'s error', async () => {
		const record = await sandbox().genesysEvent({ webhookUrl: webhookUrl(TRIGGER_WEBHOOK_ID), to: 'not-a-phone-number', text: 'x' });
		const receipt = await receiptFor(record.genesys.messageId);
		expect(receipt.request).toMatchObject({ status: 'Failed', reasons: [{ code: 500 }] });
		expect(JSON.stringify(receipt.request)).toContain('E.164');
	});
});
