/** The Webex Connect sandbox over HTTP: what its Messaging API enforces, and how it sends delivery notifications. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import {
	HUB_SIGNATURE_SCHEMES,
	MISSING_PARAMETER,
	SEND_PATH,
	type DeliveryInfoNotification,
	type ResponseEntry,
} from '../../nodes/WebexConnect/contract';
import { sign, signJwtHs256 } from '../../nodes/shared/signature';
import { SandboxClient } from '../../sandbox/client';
import type { DeliveryRecord } from '../../sandbox/recorder';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../../sandbox/webhookReceiver';

const service = DEFAULT_WEBEX_SERVICE;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RETRY_INTERVAL_MS = 40;
const A = '+14155550100';
const B = '+14155550101';
const C = '+14155550102';

let sandbox: Sandbox;
let admin: SandboxClient;
let sendUrl: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxClient(sandbox.url);
	sendUrl = `${sandbox.url}/webex${SEND_PATH}`;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	receiver = await startWebhookReceiver([200]);
	sandbox.reset();
	sandbox.setConfig({
		webex: {
			service: { ...DEFAULT_WEBEX_SERVICE, senderIds: [], notifyUrl: receiver.url },
			notifications: { submitted: false, firstDelayMs: 0, finalDelayMs: 10, retries: 3, retryIntervalMs: RETRY_INTERVAL_MS, timeoutMs: 2000, failingNumbers: [] },
		},
	});
});
afterEach(() => receiver.close());

type Answer = { response: ResponseEntry[] | ResponseEntry };

function sms(overrides: Record<string, unknown> = {}, destination: unknown = [{ msisdn: [A] }]) {
	return { deliverychannel: 'sms', channels: { sms: { text: 'Your order has shipped', senderid: 'SANDBOX' } }, destination, ...overrides };
}

async function send(body: unknown, headers: Record<string, string> = { key: service.serviceKey }): Promise<{ status: number; answer: Answer }> {
	const response = await request(sendUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.statusCode, answer: (await response.body.json()) as Answer };
}

/** The error object of a refused request (HTTP 200, `response` an object). */
async function refusal(body: unknown, headers?: Record<string, string>): Promise<ResponseEntry> {
	const { status, answer } = await send(body, headers);
	expect(status).toBe(200);
	expect(Array.isArray(answer.response)).toBe(false);
	const entry = answer.response as ResponseEntry;
	expect(entry.transid).toMatch(UUID);
	return entry;
}

async function queued(body: unknown, headers?: Record<string, string>): Promise<ResponseEntry[]> {
	const { status, answer } = await send(body, headers);
	expect(status).toBe(200);
	expect(Array.isArray(answer.response)).toBe(true);
	return answer.response as ResponseEntry[];
}

/** A JWT as a client makes it: the shared signer, keyed with the Base64-decoded service secret unless told otherwise. */
function jwt(claims: Record<string, unknown> = {}, key = Buffer.from(service.serviceSecret, 'base64')): string {
	return signJwtHs256({ iss: service.serviceId, iat: Math.floor(Date.now() / 1000), ...claims }, key);
}

function report(webhook: ReceivedWebhook): DeliveryInfoNotification['deliveryInfoNotification'] {
	return (JSON.parse(webhook.raw.toString('utf8')) as DeliveryInfoNotification).deliveryInfoNotification;
}

function byDestination(webhooks: ReceivedWebhook[]) {
	return webhooks.map(report).sort((a, b) => a.deliveryInfo.destination.localeCompare(b.deliveryInfo.destination));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliveriesSettled(count: number, timeoutMs = 3000): Promise<DeliveryRecord[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const records = sandbox.records.deliveries({ vendor: 'webex', kind: 'deliveryInfoNotification' });
		const done = records.filter((record) => record.skipped || record.delivered || record.attempts.length > 0);
		if (done.length >= count || Date.now() > deadline) return records;
		await sleep(10);
	}
}

describe('authentication', () => {
	it('accepts the service key and answers HTTP 200 with an array of Queued entries', async () => {
		const [entry] = await queued(sms());
		expect(entry).toEqual({ code: '1001', transid: expect.stringMatching(UUID), description: 'Queued' });
		expect(Object.keys(entry)).toEqual(['code', 'transid', 'description']);
	});

	it('answers 7002 without key or Bearer JWT, and 7001 for a wrong key', async () => {
		expect(await refusal(sms(), {})).toMatchObject({ code: '7002', description: 'Service Key Missing' });
		expect(await refusal(sms(), { authorization: 'Basic dXNlcjpwYXNz' })).toMatchObject({ code: '7002' });
		const wrong = await refusal(sms(), { key: 'wrong-service-key-example' });
		expect(wrong).toMatchObject({ code: '7001', description: 'Authentication failed.' });
		expect(Object.keys(wrong)).toEqual(['code', 'description', 'transid']);
	});

	it('accepts a fresh JWT signed with the decoded secret', async () => {
		await queued(sms(), { authorization: `Bearer ${jwt()}` });
	});

	it.each([
		['a signature made with another key', () => jwt({}, Buffer.from('another-key-example'))],
		['the undecoded (Base64) secret as key', () => jwt({}, Buffer.from(service.serviceSecret, 'utf8'))],
		['a wrong iss', () => jwt({ iss: 'another-service' })],
		['no iat', () => jwt({ iat: undefined })],
		['an iat older than the accepted age', () => jwt({ iat: Math.floor(Date.now() / 1000) - service.jwtMaxAgeSeconds - 5 })],
		['an iat in the future', () => jwt({ iat: Math.floor(Date.now() / 1000) + service.jwtMaxFutureSeconds + 60 })],
		['alg none', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${jwt().split('.')[1]}.`],
		['a malformed token', () => 'not-a-jwt'],
	])('answers 7001 for a JWT with %s', async (_name, token) => {
		expect(await refusal(sms(), { authorization: `Bearer ${token()}` })).toMatchObject({ code: '7001', description: 'Authentication failed.' });
	});

	it('judges only the JWT when both are sent', async () => {
		await queued(sms(), { authorization: `Bearer ${jwt()}`, key: 'wrong-service-key-example' });
		expect(await refusal(sms(), { authorization: `Bearer ${jwt({ iss: 'x' })}`, key: service.serviceKey })).toMatchObject({ code: '7001' });
	});

	it('the accepted JWT age is configurable', async () => {
		sandbox.setConfig({ webex: { service: { jwtMaxAgeSeconds: 60 } } });
		const twoMinutesOld = jwt({ iat: Math.floor(Date.now() / 1000) - 120 });
		expect(await refusal(sms(), { authorization: `Bearer ${twoMinutesOld}` })).toMatchObject({ code: '7001' });
		sandbox.setConfig({ webex: { service: { jwtMaxAgeSeconds: 600 } } });
		await queued(sms(), { authorization: `Bearer ${twoMinutesOld}` });
	});

	it('honours the service auth setting (key only, JWT only)', async () => {
		sandbox.setConfig({ webex: { service: { auth: 'jwt' } } });
		expect(await refusal(sms())).toMatchObject({ code: '7001' });
		await queued(sms(), { authorization: `Bearer ${jwt()}` });
		sandbox.setConfig({ webex: { service: { auth: 'key' } } });
		expect(await refusal(sms(), { authorization: `Bearer ${jwt()}` })).toMatchObject({ code: '7001' });
		await queued(sms());
	});

	describe('the JWT vectors of vendor-notes 5d', () => {
		const TENYEARS = 10 * 365 * 86400;
		const VECTOR_TYP = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJTRVJWSUNFX0lEXzEyMyIsImlhdCI6MTcwMDAwMDAwMH0.OzFwi_17IBrLhezLOxtYw7sWuKTHrjbHKU6CBlNgqNQ';
		const VECTOR_ALG_ONLY = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJTRVJWSUNFX0lEXzEyMyIsImlhdCI6MTcwMDAwMDAwMH0.L2hlS3q-rMvxs_yAicgLdEMa8I-I_SF8DNc4Yz6leEk';
		const VECTOR_UNDECODED = `${VECTOR_TYP.split('.').slice(0, 2).join('.')}.OegmUFWcUAHEkPEDhuPL0nGXRRTUc07KuNz-wa6qDNw`;

		beforeEach(() => {
			// The vectors' secret is the Base64 of these 32 ASCII bytes (webex-vectors.test.ts checks the published string).
			// They were issued in 2023: the accepted age is widened so only the signature is judged.
			const serviceSecret = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8').toString('base64');
			sandbox.setConfig({ webex: { service: { serviceId: 'SERVICE_ID_123', serviceSecret, jwtMaxAgeSeconds: TENYEARS } } });
		});

		it('accepts both published tokens', async () => {
			await queued(sms(), { authorization: `Bearer ${VECTOR_TYP}` });
			await queued(sms(), { authorization: `Bearer ${VECTOR_ALG_ONLY}` });
		});

		it('rejects the token signed with the undecoded secret (7001), and the right token once it is too old', async () => {
			expect(await refusal(sms(), { authorization: `Bearer ${VECTOR_UNDECODED}` })).toMatchObject({ code: '7001' });
			sandbox.setConfig({ webex: { service: { jwtMaxAgeSeconds: 3600 } } });
			expect(await refusal(sms(), { authorization: `Bearer ${VECTOR_TYP}` })).toMatchObject({ code: '7001' });
		});
	});

	it('records requests with the key and the JWT masked', async () => {
		const token = jwt();
		await queued(sms());
		await queued(sms(), { authorization: `Bearer ${token}` });
		const records = sandbox.records.requests({ vendor: 'webex' });
		expect(records.map((record) => record.headers.key ?? record.headers.authorization)).toEqual(['<redacted>', 'Bearer <redacted>']);
		const text = JSON.stringify([records, sandbox.records.accepted({ vendor: 'webex' })]);
		expect(text).not.toContain(service.serviceKey);
		expect(text).not.toContain(token);
		expect(text).not.toContain(token.split('.')[2]);
	});
});

describe('request checks (every answer HTTP 200)', () => {
	it.each([
		['malformed JSON', '{"deliverychannel":"sms",'],
		['a JSON array', '[]'],
	])('answers 7000 Invalid JSON for %s', async (_name, body) => {
		expect(await refusal(body)).toMatchObject({ code: '7000', description: 'Invalid JSON' });
	});

	it('answers 7000 for a body not sent as application/json', async () => {
		const response = await request(sendUrl, { method: 'POST', headers: { key: service.serviceKey, 'content-type': 'text/plain' }, body: JSON.stringify(sms()) });
		expect(response.statusCode).toBe(200);
		expect(await response.body.json()).toMatchObject({ response: { code: '7000' } });
	});

	it.each([
		['no channels', sms({ channels: undefined }), MISSING_PARAMETER.sms],
		['no channels.sms', sms({ channels: { smartlinks: [] } }), "param 'sms' missing for channel sms"],
		['no text', sms({ channels: { sms: { senderid: 'SANDBOX' } } }), "param 'text' missing for channel sms"],
		['an empty text', sms({ channels: { sms: { text: '' } } }), MISSING_PARAMETER.text],
		['type 3 without body', sms({ channels: { sms: { text: 'x', type: '3' } } }), "param 'body' missing for channel sms"],
		['no destination', sms({ destination: undefined }), MISSING_PARAMETER.destination],
		['an empty destination', sms({}, []), MISSING_PARAMETER.destination],
		['an entry without msisdn', sms({}, [{ msisdn: [A] }, { correlationid: 'c' }]), MISSING_PARAMETER.destination],
		['an empty msisdn list', sms({}, [{ msisdn: [] }]), MISSING_PARAMETER.destination],
		['no deliverychannel', sms({ deliverychannel: undefined }), "param 'deliverychannel' missing"],
	])('answers 7003 for %s', async (_name, body, description) => {
		expect(await refusal(body)).toMatchObject({ code: '7003', description });
	});

	it('the 7003 destination text is the documented one', () => {
		expect(MISSING_PARAMETER.destination).toBe('any one of [customerid,msisdn,email, userid,pushid,psid, etc.] is mandatory');
	});

	it('accepts exactly 1000 destinations and answers 7009 above, counting entries and numbers', async () => {
		sandbox.setConfig({ webex: { service: { notifyUrl: '' } } });
		const numbers = (count: number) => Array.from({ length: count }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
		expect(await queued(sms({}, numbers(1000).map((n) => ({ msisdn: [n] }))))).toHaveLength(1000);
		const tooMany = await refusal(sms({}, numbers(1001).map((n) => ({ msisdn: [n] }))));
		expect(tooMany).toMatchObject({ code: '7009', description: 'Max number of destination address limited to 1000' });
		expect(await refusal(sms({}, [{ msisdn: numbers(1001) }]))).toMatchObject({ code: '7009' });
		expect(await refusal(sms({}, [{ msisdn: numbers(600) }, { msisdn: numbers(401) }]))).toMatchObject({ code: '7009' });
	});

	it('lowers the cap to a configured account TPS', async () => {
		sandbox.setConfig({ webex: { service: { accountTps: 50, notifyUrl: '' } } });
		const entries = (count: number) => Array.from({ length: count }, (_, i) => ({ msisdn: [`+1415556${String(i).padStart(4, '0')}`] }));
		expect(await queued(sms({}, entries(50)))).toHaveLength(50);
		expect(await refusal(sms({}, entries(51)))).toMatchObject({ code: '7009', description: 'Max number of destination address limited to 50' });
	});

	it.each([
		['a text over 1024 characters', sms({ channels: { sms: { text: 'x'.repeat(1025) } } })],
		['a correlationid over 50 bytes', sms({ correlationid: 'é'.repeat(26) })],
		['a destination correlationid over 50 bytes', sms({}, [{ msisdn: [A], correlationid: 'c'.repeat(51) }])],
		['type "5"', sms({ channels: { sms: { text: 'x', type: '5' } } })],
		['type 1 as a number', sms({ channels: { sms: { text: 'x', type: 1 } } })],
		['a non-hex binary body', sms({ channels: { sms: { text: 'x', type: '3', body: 'zz' } } })],
		['callbackData over 2000 bytes', sms({ callbackData: 'd'.repeat(2001) })],
		['an msisdn that is not a list', sms({}, [{ msisdn: A }])],
		['a deliverychannel other than sms', sms({ deliverychannel: 'voice' })],
		['a smart link placeholder without smartlinks', sms({ channels: { sms: { text: 'Track it: {{link_5}}' } } })],
		['an expiry that is not a date', sms({ expiry: 'tomorrow' })],
	])('answers 7004 for %s', async (_name, body) => {
		const entry = await refusal(body);
		expect(entry.code).toBe('7004');
		expect(entry.description).toMatch(/^Invalid parameters\/Values/);
	});

	it('accepts the limits themselves: 1024 characters, 50-byte correlation ids, 2000 bytes of callbackData, types "1"–"4"', async () => {
		await queued(sms({ channels: { sms: { text: 'x'.repeat(1024) } }, correlationid: 'c'.repeat(50), callbackData: 'd'.repeat(2000) }));
		for (const type of ['1', '2', '4']) await queued(sms({ channels: { sms: { text: 'x', type } } }));
		await queued(sms({ channels: { sms: { text: 'x', type: '3', body: '48656c6c6f' } } }));
		await queued(sms({ channels: { sms: { text: 'Track it: {{link_5}}' }, smartlinks: [{ linkid: 5, validity: 30 }] } }));
		await queued(sms({ channels: { sms: { text: '' } }, message: { template: 'tpl-1', parameters: { name: 'Ann' } } }));
	});

	it('answers 7007 for an inactive service and 7010 for an address outside the allow-list (before credentials)', async () => {
		sandbox.setConfig({ webex: { service: { active: false } } });
		expect(await refusal(sms())).toMatchObject({ code: '7007', description: 'Service inactive' });
		sandbox.setConfig({ webex: { service: { active: true, ipAllowed: false } } });
		expect(await refusal(sms(), {})).toMatchObject({ code: '7010', description: 'Source IP is not in the allowed list' });
	});

	it('answers HTTP 429 and 5xx only as injected faults, with a Webex error body', async () => {
		await admin.addFault({ vendor: 'webex', kind: 'messaging', fault: { type: 'status', status: 429, retryAfter: '2' } });
		await admin.addFault({ vendor: 'webex', kind: 'messaging', fault: { type: 'status', status: 503 } });
		const limited = await send(sms());
		expect(limited.status).toBe(429);
		expect(limited.answer.response).toMatchObject({ code: '7020' });
		const unavailable = await send(sms());
		expect(unavailable.status).toBe(503);
		expect(unavailable.answer.response).toMatchObject({ code: '7006' });
		expect((await send(sms())).status).toBe(200);
		expect(sandbox.records.accepted({ vendor: 'webex' })).toHaveLength(1);
	});

	it('serves only POST on the messaging path', async () => {
		const get = await request(sendUrl, { method: 'GET', headers: { key: service.serviceKey } });
		expect(get.statusCode).toBe(405);
		await get.body.dump();
		const other = await request(`${sandbox.url}/webex/resources/v2/messages`, { method: 'POST', headers: { key: service.serviceKey }, body: '{}' });
		expect(other.statusCode).toBe(404);
		await other.body.dump();
	});
});

describe('delivery notifications', () => {
	it('answers one entry per destination entry, in order, and reports each number with its transid, callbackData and correlationid', async () => {
		const entries = await queued(
			sms({ correlationid: 'request-corr', callbackData: 'batch-7' }, [{ msisdn: [A], correlationid: 'first' }, { msisdn: [B, C] }]),
		);
		expect(entries).toHaveLength(2);
		expect(new Set(entries.map((entry) => entry.transid)).size).toBe(2);
		const accepted = sandbox.records.accepted({ vendor: 'webex', kind: 'message' });
		expect(accepted.map((record) => [(record.request as { msisdn: string }).msisdn, record.id])).toEqual([
			[A, entries[0].transid],
			[B, entries[1].transid],
			[C, entries[1].transid],
		]);
		const reports = byDestination(await receiver.waitFor(3));
		expect(reports.map((r) => [r.deliveryInfo.destination, r.transid, r.correlationid, r.callbackData])).toEqual([
			[A, entries[0].transid, 'first', 'batch-7'],
			[B, entries[1].transid, 'request-corr', 'batch-7'],
			[C, entries[1].transid, 'request-corr', 'batch-7'],
		]);
	});

	it('sends the documented report shape: Description with a capital D, SMS, msisdn, Delivered 7500', async () => {
		await queued(sms());
		const [webhook] = await receiver.waitFor(1);
		expect(webhook.method).toBe('POST');
		expect(webhook.headers['content-type']).toBe('application/json');
		const body = JSON.parse(webhook.raw.toString('utf8')) as DeliveryInfoNotification;
		expect(Object.keys(body.deliveryInfoNotification)).toEqual(['deliveryInfo', 'subtid', 'transid', 'callbackData', 'correlationid']);
		expect(Object.keys(body.deliveryInfoNotification.deliveryInfo)).toEqual([
			'timeStamp',
			'Description',
			'code',
			'deliveryChannel',
			'additionalInfo',
			'destination',
			'destinationType',
			'deliveryStatus',
		]);
		expect(body.deliveryInfoNotification.deliveryInfo).toMatchObject({
			Description: 'Delivered',
			code: '7500',
			deliveryChannel: 'SMS',
			destination: A,
			destinationType: 'msisdn',
			deliveryStatus: 'Delivered',
		});
		expect(body.deliveryInfoNotification.deliveryInfo.timeStamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
		expect(body.deliveryInfoNotification).toMatchObject({ callbackData: '', correlationid: '' });
	});

	it('queues a malformed number with its neighbours, then reports it Failed 7102', async () => {
		const entries = await queued(sms({}, [{ msisdn: [A] }, { msisdn: ['12-not-a-number'] }, { msisdn: [B] }]));
		expect(entries.map((entry) => entry.code)).toEqual(['1001', '1001', '1001']);
		const reports = byDestination(await receiver.waitFor(3));
		expect(reports.map((r) => [r.deliveryInfo.destination, r.deliveryInfo.code, r.deliveryInfo.deliveryStatus, r.deliveryInfo.Description])).toEqual([
			['+14155550100', '7500', 'Delivered', 'Delivered'],
			['+14155550101', '7500', 'Delivered', 'Delivered'],
			['12-not-a-number', '7102', 'Failed', 'Invalid address'],
		]);
		expect(reports[2].transid).toBe(entries[1].transid);
	});

	it('fails configured numbers with their code, sends Submitted first when asked (not before a Failed)', async () => {
		sandbox.setConfig({ webex: { notifications: { submitted: true, failingNumbers: [{ msisdn: B, code: '7109' }] } } });
		await queued(sms({}, [{ msisdn: [A, B, 'bad'] }]));
		const received = (await receiver.waitFor(5)).map(report);
		const sequence = (destination: string) =>
			received.filter((r) => r.deliveryInfo.destination === destination).map((r) => `${r.deliveryInfo.code} ${r.deliveryInfo.deliveryStatus}`);
		expect(sequence(A)).toEqual(['7501 Submitted', '7500 Delivered']);
		expect(sequence(B)).toEqual(['7501 Submitted', '7109 Un-Delivered']);
		expect(sequence('bad')).toEqual(['7102 Failed']);
		expect(received.find((r) => r.deliveryInfo.code === '7109')?.deliveryInfo.Description).toBe('User in DnD');
	});

	it('reports an unknown sender id (7101) and a past expiry (7208)', async () => {
		sandbox.setConfig({ webex: { service: { senderIds: ['SANDBOX'] } } });
		await queued(sms({ channels: { sms: { text: 'x', senderid: 'OTHER' } } }, [{ msisdn: [A] }]));
		await queued(sms({ expiry: '2020-01-01T00:00:00.000Z' }, [{ msisdn: [B] }]));
		await queued(sms({}, [{ msisdn: [C] }]));
		const codes = byDestination(await receiver.waitFor(3)).map((r) => [r.deliveryInfo.destination, r.deliveryInfo.code, r.deliveryInfo.deliveryStatus]);
		expect(codes).toEqual([
			[A, '7101', 'Failed'],
			[B, '7208', 'Un-Delivered'],
			[C, '7500', 'Delivered'],
		]);
	});

	it("sends to the request's notifyurl rather than the service's", async () => {
		const other = await startWebhookReceiver([200]);
		try {
			await queued(sms({ notifyurl: other.url }));
			await other.waitFor(1);
			await sleep(50);
			expect(receiver.received).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('accepts an invalid notifyurl but sends nothing to it', async () => {
		await queued(sms({ notifyurl: 'not a url' }));
		const [record] = await deliveriesSettled(1);
		expect(record.skipped).toBe('invalid-notify-url');
		expect(receiver.received).toHaveLength(0);
	});

	it('drops reports still scheduled when the sandbox is reset', async () => {
		sandbox.setConfig({ webex: { notifications: { firstDelayMs: 80 } } });
		await queued(sms());
		sandbox.reset();
		await sleep(200);
		expect(receiver.received).toHaveLength(0);
	});
});

describe('x-hub-signature', () => {
	const VECTOR_BODY =
		'{"deliveryInfoNotification":{"deliveryInfo":{"timeStamp":"2022-10-10T13:53:13.749+01:00","Description":"Delivered","code":"7500","deliveryChannel":"SMS","additionalInfo":"","destination":"9189xxxxxxxx","destinationType":"msisdn","deliveryStatus":"Delivered"},"subtid":"","transid":"7f3af32c-8d6a-XXXX-b1c8-4805135ada71","callbackData":"","correlationid":""}}';
	const SHA256 = 'dac2ac53200eabf34e2182fa2865d1754fd9d5baa23ebdb4e7e5341a7aff7948';
	const SHA512 =
		'72209233141cd8329865c1fe366c33b43520056ecccca061e5ac36dc367b01712464da09e6abf609e1db9258d6718aedc8ff381dac1f031deb55cb12bbcd9a9e';

	it('signs the exact bytes of a report with hex HMAC-SHA256 of the hub secret, no prefix by default', async () => {
		await queued(sms());
		const [webhook] = await receiver.waitFor(1);
		expect(webhook.headers['x-hub-signature']).toBe(sign({ ...HUB_SIGNATURE_SCHEMES.sha256, prefix: '' }, service.hubSecret, webhook.raw));
		expect(webhook.headers['x-hub-signature']).toMatch(/^[0-9a-f]{64}$/);
	});

	it.each([
		['sha256', false, SHA256],
		['sha512', false, SHA512],
		['sha256', true, `sha256=${SHA256}`],
		['sha512', true, `sha512=${SHA512}`],
	] as const)('sends the 358-byte vector body with %s (prefix %s) as published', async (hubAlgorithm, hubPrefix, expected) => {
		sandbox.setConfig({ webex: { service: { hubSecret: 'wxc-hub-secret', hubAlgorithm, hubPrefix } } });
		const record = await admin.webexNotify({ body: VECTOR_BODY });
		expect(record.delivered).toBe(true);
		const [webhook] = await receiver.waitFor(1);
		expect(webhook.raw.toString('utf8')).toBe(VECTOR_BODY);
		expect(webhook.raw.length).toBe(358);
		expect(webhook.headers['x-hub-signature']).toBe(expected);
	});

	it('sends no signature without a hub secret, and forged or unsigned ones on request', async () => {
		sandbox.setConfig({ webex: { service: { hubSecret: '' } } });
		await queued(sms());
		await receiver.waitFor(1);
		expect(receiver.received[0].headers['x-hub-signature']).toBeUndefined();
		sandbox.setConfig({ webex: { service: { hubSecret: 'wxc-hub-secret' } } });
		await admin.webexNotify({ body: VECTOR_BODY, secretOverride: 'forged-secret-example' });
		await admin.webexNotify({ body: VECTOR_BODY, unsigned: true });
		expect(receiver.received[1].headers['x-hub-signature']).not.toBe(SHA256);
		expect(receiver.received[1].headers['x-hub-signature']).toBe(sign({ ...HUB_SIGNATURE_SCHEMES.sha256, prefix: '' }, 'forged-secret-example', VECTOR_BODY));
		expect(receiver.received[2].headers['x-hub-signature']).toBeUndefined();
	});
});

describe('notification retries', () => {
	/** The report's delivery record once `expected` attempts were made and three more intervals passed without another. */
	async function settledAttempts(expected: number): Promise<DeliveryRecord> {
		const [record] = await deliveriesSettled(1);
		for (let i = 0; i < 100 && record.attempts.length < expected; i++) await sleep(20);
		await sleep(RETRY_INTERVAL_MS * 3);
		return record;
	}

	it('retries a 5xx 3 times, a fixed interval apart, then stops', async () => {
		const interval = 100;
		sandbox.setConfig({ webex: { notifications: { retryIntervalMs: interval } } });
		receiver.respondWith([503]);
		await queued(sms());
		const record = await settledAttempts(4);
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 503, 503]);
		expect(record.delivered).toBe(false);
		expect(receiver.received).toHaveLength(4);
		const gaps = receiver.received.slice(1).map((webhook, i) => webhook.at - receiver.received[i].at);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(interval - 5);
		// Fixed: 3 intervals in all (an exponential backoff would take 1 + 2 + 4 = 7).
		expect(receiver.received[3].at - receiver.received[0].at).toBeLessThan(interval * 5.5);
		expect(new Set(receiver.received.map((webhook) => webhook.raw.toString())).size).toBe(1);
	});

	it('ends delivery at the first 200', async () => {
		receiver.respondWith([500, 200]);
		await queued(sms());
		const record = await settledAttempts(2);
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
		expect(record.delivered).toBe(true);
	});

	it.each([404, 400, 202, 505])('does not retry after HTTP %i', async (status) => {
		receiver.respondWith([status]);
		await queued(sms());
		const record = await settledAttempts(1);
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([status]);
		expect(record.delivered).toBe(false);
	});

	it('retries an unreachable URL 3 times', async () => {
		const closed = await startWebhookReceiver([200]);
		const url = closed.url;
		await closed.close();
		await queued(sms({ notifyurl: url }));
		const record = await settledAttempts(4);
		expect(record.attempts).toHaveLength(4);
		expect(record.attempts.every((attempt) => attempt.status === null)).toBe(true);
	});

	it('retries when no answer comes within the timeout', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			sandbox.setConfig({ webex: { notifications: { timeoutMs: 60, retries: 1 } } });
			await queued(sms({ notifyurl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/webhook` }));
			const record = await settledAttempts(2);
			expect(record.attempts.map((attempt) => attempt.status)).toEqual([null, null]);
			expect(record.attempts[0].error).toMatch(/timeout|abort/i);
		} finally {
			await new Promise<void>((resolve) => {
				silent.close(() => resolve());
				silent.closeAllConnections();
			});
		}
	});
});

describe('notify URL registration (HEAD probe)', () => {
	it('registers a URL that answers 200 to HEAD, and records the probe', async () => {
		sandbox.setConfig({ webex: { service: { notifyUrl: '' } } });
		const result = await admin.webexRegisterNotifyUrl(receiver.url);
		expect(result).toMatchObject({ registered: true, status: 200, notifyUrl: receiver.url });
		expect(receiver.received.map((webhook) => webhook.method)).toEqual(['HEAD']);
		expect(receiver.received[0].raw.length).toBe(0);
		expect((await admin.getConfig()).webex.service.notifyUrl).toBe(receiver.url);
		const probes = await admin.webexProbes();
		expect(probes.map((probe) => [probe.url, probe.attempts[0].status, probe.delivered])).toEqual([[receiver.url, 200, true]]);
		await queued(sms());
		expect(report((await receiver.waitFor(2))[1]).deliveryInfo.destination).toBe(A);
	});

	it('refuses a URL that answers anything but 200, keeping the registered one', async () => {
		const refusing = await startWebhookReceiver([204]);
		try {
			const result = await admin.webexRegisterNotifyUrl(refusing.url);
			expect(result).toMatchObject({ registered: false, status: 204, notifyUrl: receiver.url });
			expect(refusing.received.map((webhook) => webhook.method)).toEqual(['HEAD']);
			expect((await admin.getConfig()).webex.service.notifyUrl).toBe(receiver.url);
		} finally {
			await refusing.close();
		}
	});

	it('lists accepted messages and sent notifications through the admin API', async () => {
		const [entry] = await queued(sms({}, [{ msisdn: [A] }]));
		await receiver.waitFor(1);
		await deliveriesSettled(1);
		const messages = await admin.webexMessages();
		expect(messages.map((message) => [message.id, (message.request as { msisdn: string }).msisdn])).toEqual([[entry.transid, A]]);
		const notifications = await admin.webexNotifications();
		expect(notifications.map((record) => [record.kind, record.delivered, (record.event as DeliveryInfoNotification).deliveryInfoNotification.transid])).toEqual([
			['deliveryInfoNotification', true, entry.transid],
		]);
	});
});

describe('config', () => {
	it('refuses a service secret that is not Base64 of text, and unknown failure codes', async () => {
		await expect(admin.patchConfig({ webex: { service: { serviceSecret: 'not base64!' } } })).rejects.toMatchObject({ status: 400 });
		await expect(admin.patchConfig({ webex: { notifications: { failingNumbers: [{ msisdn: A, code: '7500' }] } } })).rejects.toMatchObject({ status: 400 });
	});

	it('describes the credentials to paste into n8n', () => {
		const lines = sandbox.describe().join('\n');
		expect(lines).toContain(`${sandbox.url}/webex`);
		expect(lines).toContain(service.serviceKey);
		expect(lines).toContain(service.serviceId);
		expect(lines).toContain(service.serviceSecret);
	});
});
