/** Webex Connect: the hub-signature and JWT vectors of vendor-notes 5d, and the contract's retry table. */
import { HUB_SIGNATURE_SCHEMES, answerEntries, isRetriedByWebex, type SendAnswer } from '../../nodes/WebexConnect/contract';
import { sign, signJwtHs256, verify } from '../../nodes/shared/signature';
import { verifyHs256Jwt } from '../../sandbox/jwt';
import { jwtKeyOf } from '../../sandbox/vendors/webexConfig';

const HUB_SECRET = 'wxc-hub-secret';
const REPORT =
	'{"deliveryInfoNotification":{"deliveryInfo":{"timeStamp":"2022-10-10T13:53:13.749+01:00","Description":"Delivered","code":"7500","deliveryChannel":"SMS","additionalInfo":"","destination":"9189xxxxxxxx","destinationType":"msisdn","deliveryStatus":"Delivered"},"subtid":"","transid":"7f3af32c-8d6a-XXXX-b1c8-4805135ada71","callbackData":"","correlationid":""}}';
const SHA256 = 'dac2ac53200eabf34e2182fa2865d1754fd9d5baa23ebdb4e7e5341a7aff7948';
const SHA512 =
	'72209233141cd8329865c1fe366c33b43520056ecccca061e5ac36dc367b01712464da09e6abf609e1db9258d6718aedc8ff381dac1f031deb55cb12bbcd9a9e';

/** The vector's service secret is the Base64 of these 32 ASCII bytes (checked below against the published string). */
const VECTOR_ASCII = '0123456789abcdef0123456789abcdef';
const SERVICE_SECRET = Buffer.from(VECTOR_ASCII, 'utf8').toString('base64');
const CLAIMS = { iss: 'SERVICE_ID_123', iat: 1700000000 };
const JWT_TYP = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJTRVJWSUNFX0lEXzEyMyIsImlhdCI6MTcwMDAwMDAwMH0.OzFwi_17IBrLhezLOxtYw7sWuKTHrjbHKU6CBlNgqNQ';
const JWT_ALG_ONLY = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJTRVJWSUNFX0lEXzEyMyIsImlhdCI6MTcwMDAwMDAwMH0.L2hlS3q-rMvxs_yAicgLdEMa8I-I_SF8DNc4Yz6leEk';
const UNDECODED_SIGNATURE = 'OegmUFWcUAHEkPEDhuPL0nGXRRTUc07KuNz-wa6qDNw';

describe('hub signature (x-hub-signature, hex HMAC)', () => {
	it('the delivery-report vector is 358 bytes', () => {
		expect(Buffer.byteLength(REPORT)).toBe(358);
	});

	it('signs the vector to the published SHA-256 and SHA-512 digests, prefixed and bare', () => {
		expect(sign(HUB_SIGNATURE_SCHEMES.sha256, HUB_SECRET, REPORT)).toBe(`sha256=${SHA256}`);
		expect(sign(HUB_SIGNATURE_SCHEMES.sha512, HUB_SECRET, REPORT)).toBe(`sha512=${SHA512}`);
		expect(sign({ ...HUB_SIGNATURE_SCHEMES.sha256, prefix: '' }, HUB_SECRET, REPORT)).toBe(SHA256);
		expect(sign({ ...HUB_SIGNATURE_SCHEMES.sha512, prefix: '' }, HUB_SECRET, REPORT)).toBe(SHA512);
	});

	it('verifies the bare and the prefixed hex, and nothing made with another algorithm, secret or body', () => {
		const body = Buffer.from(REPORT);
		for (const header of [SHA256, `sha256=${SHA256}`]) expect(verify(HUB_SIGNATURE_SCHEMES.sha256, HUB_SECRET, header, body)).toBe('valid');
		for (const header of [SHA512, `sha512=${SHA512}`]) expect(verify(HUB_SIGNATURE_SCHEMES.sha512, HUB_SECRET, header, body)).toBe('valid');
		expect(verify(HUB_SIGNATURE_SCHEMES.sha512, HUB_SECRET, SHA256, body)).toBe('invalid');
		expect(verify(HUB_SIGNATURE_SCHEMES.sha256, HUB_SECRET, `sha512=${SHA256}`, body)).toBe('invalid');
		expect(verify(HUB_SIGNATURE_SCHEMES.sha256, 'another-hub-secret', SHA256, body)).toBe('invalid');
		expect(verify(HUB_SIGNATURE_SCHEMES.sha256, HUB_SECRET, SHA256, Buffer.from(REPORT.replace('7500', '7501')))).toBe('invalid');
	});
});

describe('JWT (HS256, Base64-decoded service secret)', () => {
	it('the service secret is the published Base64 string and decodes to the 32 ASCII bytes of the vector', () => {
		expect(SERVICE_SECRET).toBe('MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=');
		expect(jwtKeyOf('MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=')).toBe(VECTOR_ASCII);
	});

	it('the shared signer makes the published token from the claims and the decoded secret', () => {
		expect(signJwtHs256(CLAIMS, Buffer.from(SERVICE_SECRET, 'base64'))).toBe(JWT_TYP);
	});

	it("the sandbox's check accepts both published tokens (with and without typ)", () => {
		const key = jwtKeyOf(SERVICE_SECRET) as string;
		expect(verifyHs256Jwt(JWT_TYP, key)).toEqual({ ok: true, header: { alg: 'HS256', typ: 'JWT' }, claims: CLAIMS });
		expect(verifyHs256Jwt(JWT_ALG_ONLY, key)).toEqual({ ok: true, header: { alg: 'HS256' }, claims: CLAIMS });
	});

	it('the usual mistake (signing with the undecoded secret) gives the published wrong signature, which does not verify', () => {
		const wrong = signJwtHs256(CLAIMS, Buffer.from(SERVICE_SECRET, 'utf8'));
		expect(wrong.split('.')[2]).toBe(UNDECODED_SIGNATURE);
		expect(verifyHs256Jwt(wrong, jwtKeyOf(SERVICE_SECRET) as string)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('refuses other algorithms and malformed tokens', () => {
		const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${JWT_TYP.split('.')[1]}.`;
		expect(verifyHs256Jwt(none, 'k')).toEqual({ ok: false, reason: 'unsupported-alg' });
		expect(verifyHs256Jwt('a.b', 'k')).toEqual({ ok: false, reason: 'malformed' });
		expect(verifyHs256Jwt('bm90IGpzb24.e30.x', 'k')).toEqual({ ok: false, reason: 'malformed' });
	});

	it('accepts only Base64 secrets whose decoded bytes are text (the shared HMAC code takes string keys)', () => {
		expect(jwtKeyOf('not base64!')).toBeUndefined();
		expect(jwtKeyOf(Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64'))).toBeUndefined();
	});
});

describe('contract', () => {
	it.each([
		[200, false],
		[202, false],
		[208, false],
		[226, false],
		[301, false],
		[400, false],
		[402, false],
		[404, false],
		[411, false],
		[414, false],
		[418, false],
		[505, false],
		[401, true],
		[403, true],
		[412, true],
		[429, true],
		[500, true],
		[503, true],
		[504, true],
	])('after HTTP %i Webex retries: %s', (status, retried) => {
		expect(isRetriedByWebex(status)).toBe(retried);
	});

	it('normalises the answer: an array on success, an object on error', () => {
		const ok: SendAnswer = { response: [{ code: '1001', transid: 't1', description: 'Queued' }] };
		const error: SendAnswer = { response: { code: '7001', transid: 't2', description: 'Authentication failed.' } };
		expect(answerEntries(ok)).toEqual(ok.response);
		expect(answerEntries(error)).toEqual([error.response]);
	});
});
