/** HMAC signatures: the fixed vectors of ../shared/vendor-notes.md, and how verification decides. */
import { SIGNATURE as AVAYA } from '../../nodes/AvayaInfinity/contract';
import { compactJsonAlternate, compactJsonForm, sign, verify } from '../../nodes/shared/signature';

const AVAYA_SECRET = 'avaya-test-secret';
const HEALTH_CHECK =
	'{"eventType":"health_check","eventId":"7ebffbb2-3ec0-4f03-a17e-46c9c2608338","eventTimestamp":"2025-09-14T16:49:22.219Z","accountId":"001d0106666c6888cc999c111c","connectorId":"a2a22a22-b66b-4444-a9a9-dd111d111d11"}';
const AGENT_MESSAGE =
	'{"eventType":"messages","eventId":"9a68394c-46ca-43b0-8d7a-c0511c7dbe84","eventTimestamp":"2025-09-14T17:03:14.973Z","messageId":"049d01091481a36c2dfd6f3f4e","accountId":"001d0106666c6888cc999c111c","conversationSessionId":"028d0109148d0c42be45266207","connectorId":"a2a22a22-b66b-4444-a9a9-dd111d111d11","channel":"text","headers":{"from":"+912121212121","to":["+18777777777"]},"body":{"text":"Hi I have processed your request. Changes will take affect in an hour."},"sender":{"type":"agent"}}';

describe('Avaya vectors (sha256=, base64)', () => {
	test('health_check, compact, 215 bytes', () => {
		expect(Buffer.byteLength(HEALTH_CHECK)).toBe(215);
		expect(sign(AVAYA, AVAYA_SECRET, HEALTH_CHECK)).toBe('sha256=HDJxXOD1ykNxvjIBQlP0DHf5nwHH6dfY+5LWy46lFto=');
	});

	test('the same object pretty-printed signs differently: the bytes matter', () => {
		const pretty = JSON.stringify(JSON.parse(HEALTH_CHECK), null, 2);
		expect(Buffer.byteLength(pretty)).toBe(236);
		expect(sign(AVAYA, AVAYA_SECRET, pretty)).toBe('sha256=kB1PSx65bncomnNOs6YR/mkS3023mtZ1u/4hqFkDlzU=');
	});

	test('agent message, 494 bytes', () => {
		expect(Buffer.byteLength(AGENT_MESSAGE)).toBe(494);
		expect(sign(AVAYA, AVAYA_SECRET, AGENT_MESSAGE)).toBe('sha256=MEd/ABAhdG6L4xZco0BwIoPUPhn3UeOE0oHEyDgZNXo=');
	});
});

describe('verify', () => {
	const raw = Buffer.from(HEALTH_CHECK);
	const good = 'sha256=HDJxXOD1ykNxvjIBQlP0DHf5nwHH6dfY+5LWy46lFto=';

	test('valid over the raw bytes', () => {
		expect(verify(AVAYA, AVAYA_SECRET, good, raw)).toBe('valid');
	});

	test('missing header', () => {
		expect(verify(AVAYA, AVAYA_SECRET, undefined, raw)).toBe('missing');
		expect(verify(AVAYA, AVAYA_SECRET, '', raw)).toBe('missing');
	});

	test('wrong secret, tampered body, truncated or re-encoded signature, wrong prefix', () => {
		expect(verify(AVAYA, 'other-secret', good, raw)).toBe('invalid');
		expect(verify(AVAYA, AVAYA_SECRET, good, Buffer.from(HEALTH_CHECK.replace('health_check', 'messages')))).toBe('invalid');
		expect(verify(AVAYA, AVAYA_SECRET, good.slice(0, -4), raw)).toBe('invalid');
		const hex = 'sha256=' + Buffer.from(good.slice(7), 'base64').toString('hex');
		expect(verify(AVAYA, AVAYA_SECRET, hex, raw)).toBe('invalid');
		expect(verify(AVAYA, AVAYA_SECRET, good.replace('sha256=', 'sha1='), raw)).toBe('invalid');
		expect(verify(AVAYA, AVAYA_SECRET, good.slice(7), raw)).toBe('invalid');
	});

	test('an empty secret never verifies', () => {
		expect(verify(AVAYA, '', sign(AVAYA, '', raw), raw)).toBe('invalid');
	});

	test('pretty bytes signed over their compact form are accepted only through the compact alternate', () => {
		const pretty = Buffer.from(JSON.stringify(JSON.parse(HEALTH_CHECK), null, 2));
		expect(verify(AVAYA, AVAYA_SECRET, good, pretty)).toBe('invalid');
		const compact = compactJsonForm(pretty);
		expect(compact?.toString()).toBe(HEALTH_CHECK);
		expect(verify(AVAYA, AVAYA_SECRET, good, pretty, compactJsonAlternate(pretty))).toBe('valid');
		expect(verify(AVAYA, 'other-secret', good, pretty, compactJsonAlternate(pretty))).toBe('invalid');
	});

	test('the alternate form is only computed when the raw bytes do not match', () => {
		const alternates = jest.fn(() => [Buffer.from('x')]);
		expect(verify(AVAYA, AVAYA_SECRET, good, raw, alternates)).toBe('valid');
		expect(alternates).not.toHaveBeenCalled();
		expect(verify(AVAYA, AVAYA_SECRET, 'sha256=AAAA', raw, alternates)).toBe('invalid');
		expect(alternates).toHaveBeenCalledTimes(1);
	});

	test('compactJsonForm gives nothing for compact or non-JSON bodies', () => {
		expect(compactJsonForm(Buffer.from(HEALTH_CHECK))).toBeUndefined();
		expect(compactJsonForm(Buffer.from('not json'))).toBeUndefined();
	});
});
