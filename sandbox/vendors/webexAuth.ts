import type { IncomingHttpHeaders } from 'node:http';

import { AUTH_HEADERS, RESPONSE_CODES } from '../../nodes/WebexConnect/contract';
import { headerValue } from '../../nodes/shared/signature';
import { verifyHs256Jwt } from '../jwt';
import { jwtKeyOf, type WebexService } from './webexConfig';

export type AuthRefusal =
	| 'no-credentials'
	| 'wrong-key'
	| 'key-not-enabled'
	| 'jwt-not-enabled'
	| 'jwt-malformed'
	| 'jwt-unsupported-alg'
	| 'jwt-bad-signature'
	| 'jwt-wrong-iss'
	| 'jwt-no-iat'
	| 'jwt-too-old'
	| 'jwt-from-the-future';

export type AuthVerdict =
	| { ok: true; by: 'key' | 'jwt' }
	| { ok: false; code: typeof RESPONSE_CODES.serviceKeyMissing | typeof RESPONSE_CODES.authenticationFailed; reason: AuthRefusal };

function refused(reason: AuthRefusal): AuthVerdict {
	return { ok: false, code: reason === 'no-credentials' ? RESPONSE_CODES.serviceKeyMissing : RESPONSE_CODES.authenticationFailed, reason };
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(headers, AUTH_HEADERS.authorization) ?? '');
	return match?.[1];
}

function judgeJwt(token: string, service: WebexService, nowSeconds: number): AuthVerdict {
	if (service.auth === 'key') return refused('jwt-not-enabled');
	// The config check guarantees the secret decodes to a key.
	const check = verifyHs256Jwt(token, jwtKeyOf(service.serviceSecret) ?? '');
	if (!check.ok) return refused(`jwt-${check.reason}`);
	if (check.claims.iss !== service.serviceId) return refused('jwt-wrong-iss');
	const iat = check.claims.iat;
	if (typeof iat !== 'number' || !Number.isFinite(iat)) return refused('jwt-no-iat');
	if (nowSeconds - iat > service.jwtMaxAgeSeconds) return refused('jwt-too-old');
	if (iat - nowSeconds > service.jwtMaxFutureSeconds) return refused('jwt-from-the-future');
	return { ok: true, by: 'jwt' };
}

/**
 * Webex's authentication of a Messaging API request: a Bearer JWT, when sent, is the only thing judged
 * (even beside a `key`) [C]; else the `key` header; neither → 7002, anything wrong → 7001.
 */
export function authenticate(headers: IncomingHttpHeaders, service: WebexService, nowMs = Date.now()): AuthVerdict {
	const token = bearerToken(headers);
	if (token) return judgeJwt(token, service, Math.floor(nowMs / 1000));
	const key = headerValue(headers, AUTH_HEADERS.serviceKey);
	if (!key) return refused('no-credentials');
	if (service.auth === 'jwt') return refused('key-not-enabled');
	return key === service.serviceKey ? { ok: true, by: 'key' } : refused('wrong-key');
}
