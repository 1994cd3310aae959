/** Genesys X-Hub-Signature in both directions, with the fixed vectors of vendor-notes 2d. */
import { SIGNATURE, type MessagesRequest } from '../../nodes/GenesysMulticloud/contract';
import { GENESYS_CREDENTIALS, prepareGenesysCredentials } from '../../nodes/GenesysMulticloud/api';
import { sign, verify } from '../../nodes/shared/signature';

const SECRET = 'genesys-app-secret';

/** The headers the node sends with `bytes`: fixed ones and the signature over those bytes. */
function signedHeaders(credential: Record<string, string>, bytes: string): Record<string, string> {
	const { api } = prepareGenesysCredentials(GENESYS_CREDENTIALS.read(credential));
	return { ...api.headers, ...api.sign?.(bytes) };
}
const WEBHOOK_BODY =
	'{"channel":{"id":"0123456789","type":"sms","from":{"id":"0123456789"},"to":{"id":"16504661149"},"messageId":"1613474523265-0"},"type":"Text","text":"Agent message text"}';
const WEBHOOK_SIGNATURE = 'sha1=abf4ba8fb43c5291b3d528156c782a0a835732fc';
const OUTBOUND_BODY = '{"messages":[{"channel":{"from":{"id":"16504661149"},"to":{"id":"0123456789"},"messageId":"ext-1"},"type":"Text","text":"Hi"}]}';
const OUTBOUND_SIGNATURE = 'sha1=105b335e5cd93a14be2dcb7be9eabb153b997b29';

describe('Genesys signature vectors (vendor-notes 2d)', () => {
	it('the vectors have the documented byte lengths', () => {
		expect(Buffer.byteLength(WEBHOOK_BODY)).toBe(169);
		expect(Buffer.byteLength(OUTBOUND_BODY)).toBe(127);
	});

	it('Genesys → us: the webhook body verifies, and nothing else does', () => {
		expect(sign(SIGNATURE, SECRET, WEBHOOK_BODY)).toBe(WEBHOOK_SIGNATURE);
		expect(verify(SIGNATURE, SECRET, WEBHOOK_SIGNATURE, Buffer.from(WEBHOOK_BODY))).toBe('valid');
		expect(verify(SIGNATURE, SECRET, WEBHOOK_SIGNATURE.toUpperCase(), Buffer.from(WEBHOOK_BODY))).toBe('invalid');
		expect(verify(SIGNATURE, SECRET, WEBHOOK_SIGNATURE, Buffer.from(WEBHOOK_BODY.replace('Agent', 'agent')))).toBe('invalid');
		expect(verify(SIGNATURE, 'another-secret-example', WEBHOOK_SIGNATURE, Buffer.from(WEBHOOK_BODY))).toBe('invalid');
		expect(verify(SIGNATURE, SECRET, WEBHOOK_SIGNATURE.slice(5), Buffer.from(WEBHOOK_BODY))).toBe('invalid');
		expect(verify(SIGNATURE, SECRET, undefined, Buffer.from(WEBHOOK_BODY))).toBe('missing');
	});

	it('us → Genesys: the request we build serialises to the vector bytes and carries the vector signature', () => {
		const request: MessagesRequest = {
			messages: [{ channel: { from: { id: '16504661149' }, to: { id: '0123456789' }, messageId: 'ext-1' }, type: 'Text', text: 'Hi' }],
		};
		const bytes = JSON.stringify(request);
		expect(bytes).toBe(OUTBOUND_BODY);
		const headers = signedHeaders({ baseUrl: 'http://x', channelId: 'c', appSecret: SECRET, ccid: 'ccid-1', apiKey: '' }, bytes);
		expect(headers['x-hub-signature']).toBe(OUTBOUND_SIGNATURE);
		expect(headers['x-ccid']).toBe('ccid-1');
		expect(headers).not.toHaveProperty('x-api-key');
	});

	it('sends x-api-key only when the credential has one', () => {
		const headers = signedHeaders({ baseUrl: 'http://x', channelId: 'c', appSecret: SECRET, ccid: 'ccid-1', apiKey: 'key-example' }, OUTBOUND_BODY);
		expect(headers['x-api-key']).toBe('key-example');
	});
});
