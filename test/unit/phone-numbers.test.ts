import { InputError } from '../../nodes/shared/errors';
import { toE164 } from '../../nodes/shared/phone';

test.each([
	['+18777777777', '+18777777777'],
	['+1 (877) 777-7777', '+18777777777'],
	[' +44 20 7183 8750 ', '+442071838750'],
	['+912121212121', '+912121212121'], // Avaya's own example number
])('%s is normalised to %s', (input, expected) => {
	expect(toE164(input, 'From')).toBe(expected);
});

test.each([
	['', /"From" is empty/],
	['18777777777', /international E\.164 form/],
	['+1555', /not a valid phone number/],
	['+999123456789', /not a valid phone number/],
	['+1877abc', /not a valid phone number/],
])('%j is rejected with an error naming the field', (input, message) => {
	let error: unknown;
	try {
		toE164(input, 'From');
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(InputError);
	expect((error as InputError).field).toBe('From');
	expect((error as InputError).message).toMatch(message);
});
