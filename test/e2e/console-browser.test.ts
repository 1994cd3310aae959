/**
 * The sandbox console in headless Chromium, against the real n8n of the test bed with both bridge
 * templates active: a whole Avaya conversation and a whole Genesys conversation are played by
 * typing in the page, as the end user and as the agent. Each step must appear on the phone and on
 * the agent console, in order, with its delivery status; fault switches must show their effect;
 * the traffic log must show headers and bodies with every secret masked.
 */
import type { ConfigPatch } from '../../sandbox/config';
import { launchChromium, type Browser } from '../harness/chromium';
import { ConsolePage, eventually, type ShownBubble, type ShownRow } from '../harness/consolePage';
import { e2e, productionUrl, sandbox, webhookUrl } from '../harness/context';
import { genesysTemplateUrls, genesysTemplateWiring } from '../harness/genesysTemplate';
import { configuredSecrets } from './faults-secret-scan';

const AVAYA_END_USER = '+14155550188';
const GENESYS_END_USER = '+16504661188';
const SEND_PATH = '/avaya/api/v1/custom-messaging/send-message';
/** base64url of {"alg":"RS256","typ":"JWT"}: how every access token the sandbox issues begins. */
const SANDBOX_TOKEN_START = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

let browser: Browser;
let page: ConsolePage;
let restore: ConfigPatch;

/** [author, text, statuses] of each bubble: what "in order, with the right status" compares. */
const steps = (bubbles: ShownBubble[]) => bubbles.map((bubble) => [bubble.author, bubble.text, bubble.statuses]);
const column = { kind: 2, path: 4, status: 5, signature: 6, retry: 7, faults: 8 };
const cell = (row: ShownRow, name: keyof typeof column) => row.cells[column[name]];
/** The newest traffic row of a tab: rows after it are this test's (other test files share the sandbox). */
const mark = async (vendor: string) => Math.max(0, ...(await page.trafficRows(vendor)).map((row) => row.seq));

beforeAll(async () => {
	// The test bed wires the Avaya bridge; the Genesys bridge is wired here, as `npm start` wires it, and unwired after.
	const config = await sandbox().getConfig();
	restore = { genesys: { tenants: config.genesys.tenants }, sms: { numbers: config.sms.numbers } };
	await sandbox().patchConfig(genesysTemplateWiring(config, genesysTemplateUrls({ webhookUrl, productionUrl })));
	browser = await launchChromium();
	page = new ConsolePage(browser.page, `${e2e().sandboxUrl}/`);
	await page.open('avaya');
});

afterAll(async () => {
	await browser?.close();
	await sandbox().removeFaults({ vendor: 'avaya' });
	await sandbox().removeFaults({ vendor: 'genesys' });
	await sandbox().removeFaults({ vendor: 'sms' });
	await sandbox().patchConfig(restore);
});

describe('sandbox console in a browser, against a real n8n', () => {
	it('plays an Avaya conversation typed as the end user and as the agent', async () => {
		await page.startConversation('avaya', AVAYA_END_USER);
		await page.endUserSends('avaya', 'Hi, my parcel is late');

		const reply = 'Agent: we received "Hi, my parcel is late"';
		expect(steps(await page.settledBubbles('avaya', 'phone', 2))).toEqual([
			['end-user', 'Hi, my parcel is late', ['delivered']],
			['contact-center', reply, ['queued']],
		]);
		expect(steps(await page.settledBubbles('avaya', 'agent', 2))).toEqual([
			['end-user', 'Hi, my parcel is late', ['accepted']],
			['contact-center', reply, ['delivered']],
		]);

		await page.agentSends('avaya', 'It ships tomorrow morning', 'agent');
		// Each agent message is its own run of the bridge; two typed at once may reach the phone in either order.
		await page.settledBubbles('avaya', 'phone', 3);
		await page.agentSends('avaya', 'Rate us from 1 to 5', 'bot');
		expect(steps(await page.settledBubbles('avaya', 'phone', 4))).toEqual([
			['end-user', 'Hi, my parcel is late', ['delivered']],
			['contact-center', reply, ['queued']],
			['contact-center', 'It ships tomorrow morning', ['queued']],
			['contact-center', 'Rate us from 1 to 5', ['queued']],
		]);
		const agentSide = await page.settledBubbles('avaya', 'agent', 4);
		expect(steps(agentSide)).toEqual([
			['end-user', 'Hi, my parcel is late', ['accepted']],
			['contact-center', reply, ['delivered']],
			['contact-center', 'It ships tomorrow morning', ['delivered']],
			['contact-center', 'Rate us from 1 to 5', ['delivered']],
		]);
		expect(agentSide.map((bubble) => bubble.sender)).toEqual(['customer', 'agent', 'agent', 'bot']);
		expect(agentSide[2].why).toBe('n8n answered 200');
	});

	it('shows the effect of the token-expiry and 503 switches: the node refreshes its token and retries', async () => {
		await page.fault('avaya', 'expire-tokens');
		await page.endUserSends('avaya', 'Is it insured?');
		const afterExpiry = await eventually(
			() => page.bubbles('avaya', 'agent'),
			(bubbles) => bubbles.some((bubble) => bubble.text === 'Is it insured?' && bubble.statuses[0] === 'accepted'),
			'the message sent after token expiry',
		);
		expect(afterExpiry.find((bubble) => bubble.text === 'Is it insured?')?.why).toBe('Avaya answered 401 → 200');

		const before = await mark('avaya');
		await page.fault('avaya', '503', { kind: 'send', times: 1 });
		const pending = await eventually(() => page.pendingFaults('avaya'), (shown) => shown.length > 0, 'the pending fault');
		expect(pending).toEqual([expect.stringContaining('503 on send, 1 left')]);
		await page.endUserSends('avaya', 'Any news?');
		const afterFault = await eventually(
			() => page.bubbles('avaya', 'agent'),
			(bubbles) => bubbles.some((bubble) => bubble.text === 'Any news?' && bubble.statuses[0] === 'accepted'),
			'the message sent through the 503',
		);
		expect(afterFault.find((bubble) => bubble.text === 'Any news?')?.why).toBe('Avaya answered 503 (fault: status) → 200');
		await eventually(() => page.pendingFaults('avaya'), (shown) => shown.length === 0, 'the fault to be used up');

		const sends = (await page.trafficRows('avaya')).filter((row) => row.seq > before && cell(row, 'path') === SEND_PATH);
		expect(sends.map((row) => [cell(row, 'status'), cell(row, 'retry'), cell(row, 'faults')])).toEqual([
			['503 (fault: status)', '', 'status'],
			['200', '1', ''],
		]);
	});

	it('shows every request with headers and bodies, secrets masked', async () => {
		const rows = await page.trafficRows('avaya');
		const send = rows.filter((row) => cell(row, 'path') === SEND_PATH && cell(row, 'status') === '200').at(-1) as ShownRow;
		const sendDetail = await page.openTrafficRow('avaya', send.seq);
		expect(sendDetail).toContain('Bearer <redacted>');
		expect(sendDetail).toContain(AVAYA_END_USER);

		const token = rows.filter((row) => cell(row, 'kind') === 'token').at(-1) as ShownRow;
		const tokenDetail = await page.openTrafficRow('avaya', token.seq);
		expect(tokenDetail).toContain('client_secret=<redacted>');
		expect(tokenDetail).toContain('"access_token": "<redacted>"');

		const event = rows.filter((row) => cell(row, 'kind') === 'messages' && cell(row, 'signature') === 'signed').at(-1) as ShownRow;
		const eventDetail = await page.openTrafficRow('avaya', event.seq);
		expect(eventDetail).toMatch(/x-avaya-event-signature\s+sha256=/);
	});

	it('plays a Genesys conversation: the end user\'s SMS reaches Genesys, the agent\'s replies reach the phone with receipts', async () => {
		await page.tab('genesys');
		const before = await mark('genesys');
		await page.startConversation('genesys', GENESYS_END_USER);
		await page.endUserSends('genesys', 'Where is my refund?');

		const reply = 'Agent: we received "Where is my refund?"';
		expect(steps(await page.settledBubbles('genesys', 'phone', 2))).toEqual([
			['end-user', 'Where is my refund?', ['delivered']],
			['contact-center', reply, ['queued']],
		]);
		expect(steps(await page.settledBubbles('genesys', 'agent', 2))).toEqual([
			['end-user', 'Where is my refund?', ['accepted']],
			['contact-center', reply, ['delivered', 'Delivered']],
		]);

		await page.agentSends('genesys', 'Your refund was issued today');
		expect(steps(await page.settledBubbles('genesys', 'phone', 3)).at(-1)).toEqual(['contact-center', 'Your refund was issued today', ['queued']]);
		expect(steps(await page.settledBubbles('genesys', 'agent', 3))).toEqual([
			['end-user', 'Where is my refund?', ['accepted']],
			['contact-center', reply, ['delivered', 'Delivered']],
			['contact-center', 'Your refund was issued today', ['delivered', 'Delivered']],
		]);

		// Consumer message, then per agent message (the simulated agent's and the typed one): webhook, SMS, receipt.
		const rows = (await page.trafficRows('genesys')).filter((row) => row.seq > before);
		expect(rows.map((row) => [cell(row, 'kind'), cell(row, 'status'), cell(row, 'signature')])).toEqual([
			['inbound', '200', ''],
			['messages', '200', 'valid'],
			['Text', '200', 'signed'],
			['sms', '201', ''],
			['messages', '200', 'valid'],
			['Text', '200', 'signed'],
			['sms', '201', ''],
			['messages', '200', 'valid'],
		]);
		const detail = await page.openTrafficRow('genesys', rows[rows.length - 1].seq);
		expect(detail).toMatch(/x-api-key\s+<redacted>/);
		expect(detail).toMatch(/x-hub-signature\s+sha1=[0-9a-f]{40}/);
	});

	it('shows a 429 with Retry-After waited out, and an SMS the provider refuses as failed with a Failed receipt', async () => {
		await page.fault('genesys', '429', { kind: 'messages', retryAfter: 1 });
		await page.endUserSends('genesys', 'Thanks!');
		const accepted = await eventually(
			() => page.bubbles('genesys', 'agent'),
			(bubbles) => bubbles.some((bubble) => bubble.text === 'Thanks!' && bubble.statuses[0] === 'accepted'),
			'the consumer message sent through the 429',
		);
		expect(accepted.find((bubble) => bubble.text === 'Thanks!')?.why).toBe('Genesys answered 429 (fault: status) → 200');
		await page.settledBubbles('genesys', 'agent', 5);

		await page.tab('sms');
		await page.fault('sms', '503', { kind: 'sms', times: 1 });
		await page.tab('genesys');
		await page.agentSends('genesys', 'Can you confirm your address?');
		const phone = await page.settledBubbles('genesys', 'phone', 6);
		expect(steps(phone).at(-1)).toEqual(['contact-center', 'Can you confirm your address?', ['failed']]);
		expect(phone.at(-1)?.why).toContain('503 (fault: status)');
		const agent = await page.settledBubbles('genesys', 'agent', 6);
		expect(steps(agent).at(-1)).toEqual(['contact-center', 'Can you confirm your address?', ['delivered', 'Failed']]);
		expect(agent.at(-1)?.why).toContain('500 SMS provider:');
	});

	it('shows no secret anywhere in the page, on any tab, with request details open', async () => {
		const secrets = configuredSecrets();
		expect(secrets.length).toBeGreaterThanOrEqual(4);
		for (const vendor of ['avaya', 'genesys', 'sms']) {
			await page.tab(vendor);
			const rows = await eventually(() => page.trafficRows(vendor), (found) => found.length > 0, `${vendor} traffic`);
			// A token request (Avaya) or the latest request otherwise: what carries credentials.
			const opened = rows.filter((row) => cell(row, 'kind') === 'token').at(-1) ?? (rows.at(-1) as ShownRow);
			await page.openTrafficRow(vendor, opened.seq);
			const html = await browser.page.content();
			const text = await browser.page.locator('body').innerText();
			expect(secrets.filter((secret) => html.includes(secret) || text.includes(secret))).toEqual([]);
			expect(html).not.toContain(SANDBOX_TOKEN_START);
		}
	});
});
