/**
 * Phone numbers in E.164, validated with libphonenumber-js (bundled into the build, see gulpfile).
 * The "min" metadata checks country codes and number lengths without rejecting numbers that are
 * valid in a vendor's own examples but absent from the full numbering plans.
 */
import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/min';

import { InputError } from './errors';

/** A number's E.164 form, or what is wrong with it (worded to follow the field name). */
type Verdict = { e164: string } | { problem: string };

// A send repeats the same few numbers (the business number, a conversation's end user) across
// items; parsing costs tens of microseconds, so verdicts are kept, in bounded memory.
const MAX_REMEMBERED = 10_000;
const verdicts = new Map<string, Verdict>();

function judge(text: string): Verdict {
	if (!text.startsWith('+')) {
		return { problem: `must be in international E.164 form, starting with + and the country code (got "${text}")` };
	}
	let parsed: ReturnType<typeof parsePhoneNumberWithError> | undefined;
	let reason = 'unreadable';
	try {
		parsed = parsePhoneNumberWithError(text);
	} catch (error) {
		if (error instanceof ParseError) reason = error.message.toLowerCase().replace(/_/g, ' ');
	}
	if (!parsed) return { problem: `is not a valid phone number: "${text}" (${reason})` };
	if (!parsed.isValid()) return { problem: `is not a valid phone number: "${text}"` };
	return { e164: parsed.number };
}

/** Parses `value` as an international number and returns it as E.164 (`+` and digits). */
export function toE164(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InputError(field, `"${field}" is empty: an E.164 phone number such as +14155550123 is required`);
	let verdict = verdicts.get(text);
	if (!verdict) {
		verdict = judge(text);
		if (verdicts.size >= MAX_REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
		verdicts.set(text, verdict);
	}
	if ('problem' in verdict) throw new InputError(field, `"${field}" ${verdict.problem}`);
	return verdict.e164;
}
