/**
 * Phone numbers in E.164, validated with libphonenumber-js (bundled into the build, see gulpfile).
 * The "min" metadata checks country codes and number lengths without rejecting numbers that are
 * valid in a vendor's own examples but absent from the full numbering plans.
 */
import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/min';

import { InputError } from './errors';

/** Parses `value` as an international number and returns it as E.164 (`+` and digits). */
export function toE164(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InputError(field, `"${field}" is empty: an E.164 phone number such as +14155550123 is required`);
	if (!text.startsWith('+')) {
		throw new InputError(field, `"${field}" must be in international E.164 form, starting with + and the country code (got "${text}")`);
	}
	let parsed: ReturnType<typeof parsePhoneNumberWithError> | undefined;
	let reason = 'unreadable';
	try {
		parsed = parsePhoneNumberWithError(text);
	} catch (error) {
		if (error instanceof ParseError) reason = error.message.toLowerCase().replace(/_/g, ' ');
	}
	if (!parsed) throw new InputError(field, `"${field}" is not a valid phone number: "${text}" (${reason})`);
	if (!parsed.isValid()) throw new InputError(field, `"${field}" is not a valid phone number: "${text}"`);
	return parsed.number;
}
