/**
 * Alvaria and Google CCAI Platform in a real n8n against the sandbox: every operation, the documented
 * errors, token refetch on 401, one bad item among good ones, the published rate limit, and both
 * example workflows. Workflows: test/e2e/workflows/alvaria-*.json, templates/alvaria-agent-assist.json,
 * templates/ccai-outbound-campaign.json.
 */
import type { AcceptedRecord } from '../../sandbox/recorder';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';
import { ERROR_TEXTS } from '../../nodes/CcaiPlatform/contract';
import { postJson, productionUrl, sandbox } from '../harness/context';

const org = DEFAULT_ALVARIA_ORG;
const tenant = DEFAULT_CCAI_TENANT;
type Output = Record<string, unknown> & { error?: string; httpCode?: string };

async function mark(): Promise<number> {
	const records = await sandbox().records();
	return Math.max(0, ...records.map((record) => record.seq));
}

function item(extra: Record<string, unknown> = {}) {
	return { userId: org.userIds[0], interactionId: org.seedInteractionIds[0], sessionId: org.seedSessionId, entityName: 'contactCenterAgent', text: 'hello', ...extra };
}

async function alvaria(path: string, items: unknown[]): Promise<Output[]> {
	const reply = await postJson(productionUrl(path), { items });
	expect(reply.status).toBe(200);
	return reply.json as Output[];
}

const textOf = (record: AcceptedRecord) => (record.request as { text?: string; url?: string; state?: string });

describe('Alvaria (real n8n)', () => {
	it('the agent-assist template shows typing, then sends the text, then the link, into the interaction', async () => {
		const since = await mark();
		const reply = await postJson(productionUrl('alvaria-agent-assist'), {
			userId: org.userIds[0],
			interactionId: org.seedInteractionIds[0],
			sessionId: org.seedSessionId,
			entityName: 'Ava (assistant)',
			text: 'Your replacement card ships today.',
			url: 'https://example.com/track/17',
		});
		expect(reply.status).toBe(200);
		expect((reply.json as Output[])[0]).toMatchObject({ operation: 'sendUrl', accepted: true, status: 202 });
		const sent = (await sandbox().accepted({ vendor: 'alvaria', since })).map(textOf);
		expect(sent).toEqual([
			expect.objectContaining({ state: 'composing', expiresAfterSeconds: 10 }),
			expect.objectContaining({ text: 'Your replacement card ships today.', entityName: 'Ava (assistant)' }),
			expect.objectContaining({ url: 'https://example.com/track/17' }),
		]);
	});

	it('each documented refusal is the item\'s error: unknown interaction 404, closed interaction 410, dead session 410, unknown user 404', async () => {
		const closed = `e2e-closed-${Date.now()}`;
		await sandbox().alvariaOpenInteraction({ interactionId: closed });
		await sandbox().alvariaCloseInteraction(closed);
		const dead = await sandbox().alvariaCreateSession({ keepAlive: false });
		await sandbox().alvariaCloseSession(dead.sessionId);
		const out = await alvaria('e2e-alvaria-send', [
			item({ interactionId: 'no-such-interaction' }),
			item({ interactionId: closed }),
			item({ sessionId: dead.sessionId }),
			item({ userId: 'no-such-user' }),
		]);
		expect(out.map((o) => o.httpCode)).toEqual(['404', '410', '410', '404']);
		expect(out[1].error).toContain('has ended or the streaming session');
	});

	it('one bad item among good ones fails alone; the good ones reach the interaction', async () => {
		const since = await mark();
		const out = await alvaria('e2e-alvaria-send', [item({ text: 'one' }), item({ text: '' }), item({ text: 'three' })]);
		expect(out[1].error).toContain('"Text" is empty');
		expect((await sandbox().accepted({ vendor: 'alvaria', since })).map((r) => textOf(r).text)).toEqual(['one', 'three']);
	});

	it('an expired token is refetched once on the 401, and the message goes out once', async () => {
		await alvaria('e2e-alvaria-send', [item({ text: 'warm the token' })]);
		const before = (await sandbox().tokens()).alvaria?.[org.clientId]?.issued ?? 0;
		await sandbox().addFault({ vendor: 'alvaria', kind: 'token', fault: { type: 'expire-tokens' } });
		const since = await mark();
		const out = await alvaria('e2e-alvaria-send', [item({ text: 'after expiry' })]);
		expect(out[0]).toMatchObject({ accepted: true });
		const records = await sandbox().records({ vendor: 'alvaria', since });
		expect(records.filter((r) => r.kind === 'send').map((r) => r.status)).toEqual([401, 202]);
		expect((await sandbox().tokens()).alvaria?.[org.clientId]?.issued).toBe(before + 1);
	});

	it('a wrong x-api-key is the empty 401, and the key appears nowhere in the output', async () => {
		const out = await alvaria('e2e-alvaria-wrong-key', [item()]);
		expect(out[0].httpCode).toBe('401');
		expect(JSON.stringify(out)).not.toContain('not-the-alvaria-api-key-example');
	});
});

describe('Google CCAI Platform (real n8n)', () => {
	async function campaign(customers: Array<{ name: string; phone: string }>, outboundNumber = tenant.outboundNumbers[0]) {
		const reply = await postJson(productionUrl('ccai-outbound-campaign'), { customers, outboundNumber, message: 'Hi {name}, your appointment is tomorrow.' });
		expect(reply.status).toBe(200);
		return reply.json as Array<{ name: string; chatId: string; status: string; error: string }>;
	}

	afterEach(async () => {
		await sandbox().ccaiEndSessions({});
		await sandbox().patchConfig({ ccai: { tenants: [{ ...tenant, smsEnabled: true, outboundSmsEnabled: true }] } });
	});

	it('the campaign template sends one SMS per row and gives one result per row, CCAI\'s own words for a refused one', async () => {
		const rows = await campaign([
			{ name: 'Ana', phone: '+1 415-555-0141' },
			{ name: 'Ben', phone: '+44 20 7946 0018' },
			{ name: 'Cy', phone: '+1 (415) 555-0143' },
		]);
		expect(rows.map((r) => r.status)).toEqual(['selecting', 'failed', 'selecting']);
		expect(rows[1].error).toContain(ERROR_TEXTS.nonUsNumber);
		expect(rows[0].chatId).toMatch(/^\d+$/);
		const sent = await sandbox().accepted({ vendor: 'ccai' });
		expect(sent.some((r) => (r.request as { message?: string }).message === 'Hi Ana, your appointment is tomorrow.')).toBe(true);
	});

	it.each([
		['SMS switched off', { smsEnabled: false }, ERROR_TEXTS.smsDisabled],
		['outbound SMS switched off', { outboundSmsEnabled: false }, ERROR_TEXTS.outboundDisabled],
	])('%s: the documented text, verbatim', async (_name, patch, text) => {
		await sandbox().patchConfig({ ccai: { tenants: [{ ...tenant, ...patch }] } });
		const [row] = await campaign([{ name: 'Dee', phone: '+14155550150' }]);
		expect(row.error).toContain(text);
	});

	it('an unconfigured outbound number and an end user already in a session get their documented texts', async () => {
		const [notFound] = await campaign([{ name: 'Eve', phone: '+14155550160' }], '+16285550111');
		expect(notFound.error).toContain(ERROR_TEXTS.outboundNumberNotFound);
		await campaign([{ name: 'Fay', phone: '+14155550161' }]);
		const [again] = await campaign([{ name: 'Fay', phone: '+14155550161' }]);
		expect(again.error).toContain(ERROR_TEXTS.activeSession);
	});

	it('25 rows at the published 10 requests/s: the strict sandbox answers no 429', async () => {
		const before = (await sandbox().ccaiRateLimited()).length;
		const rows = await campaign(Array.from({ length: 25 }, (_, i) => ({ name: `C${i}`, phone: `+1415555${String(3000 + i)}` })));
		expect(rows.every((r) => r.status === 'selecting')).toBe(true);
		expect((await sandbox().ccaiRateLimited()).length).toBe(before);
	});
});
