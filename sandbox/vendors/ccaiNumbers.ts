/**
 * How the simulated CCAI Platform reads a phone number [I: the doc shows human-formatted US numbers
 * accepted (`+1 415-555-0100`), `12345` invalid and `+82 000-000-0000` refused as non-US].
 * Spaces, dashes, dots and brackets are dropped; `+1` and ten NANP digits is a US number; a
 * plausible E.164 number with another country code is non-US; anything else is invalid. Without a
 * `+`, ten digits (or eleven starting with 1) are read as a US number.
 */
export type NumberReading = { ok: true; e164: string } | { ok: false; problem: 'invalid' | 'non-us' };

/** NANP: area code and exchange start with 2-9. */
const NANP = /^1[2-9]\d{2}[2-9]\d{6}$/;

export function readUsNumber(value: unknown): NumberReading {
	if (typeof value !== 'string') return { ok: false, problem: 'invalid' };
	const compact = value.trim().replace(/[\s().-]/g, '');
	if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'invalid' };
	const digits = compact.replace('+', '');
	if (compact.startsWith('+')) {
		if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return { ok: false, problem: 'invalid' };
		if (!digits.startsWith('1')) return { ok: false, problem: 'non-us' };
	}
	const national = !compact.startsWith('+') && digits.length === 10 ? `1${digits}` : digits;
	return NANP.test(national) ? { ok: true, e164: `+${national}` } : { ok: false, problem: 'invalid' };
}
