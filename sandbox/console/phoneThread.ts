import { isPlainObject } from '../http';
import type { Recorder } from '../recorder';
import type { InboundSms } from '../vendors/sms';
import { errorText, groupRetries, requestChip, sameRequestKey, webhookChip } from './statuses';
import type { Bubble } from './types';

/** The SMS provider stand-in's records, as the end users' phones see them. */
const SMS_VENDOR = 'sms';

/**
 * The SMS threads between end users and one business number, by the end user's number: what each
 * end user texted (delivered to the business's webhook or not) and what the business texted them
 * (the provider's answer: `queued`, or refused).
 */
export function phoneThreads(recorder: Recorder, businessNumber: string): Map<string, Bubble[]> {
	const threads = new Map<string, Bubble[]>();
	const add = (endUser: string, bubble: Bubble) => {
		const thread = threads.get(endUser);
		if (thread) thread.push(bubble);
		else threads.set(endUser, [bubble]);
	};

	for (const record of recorder.deliveries({ vendor: SMS_VENDOR, kind: 'inbound' })) {
		const sms = record.event as InboundSms | undefined;
		if (!sms || sms.to !== businessNumber) continue;
		add(sms.from, {
			key: `sms-in-${record.seq}`,
			seq: record.seq,
			at: record.at,
			author: 'end-user',
			text: sms.text,
			statuses: [webhookChip(record, 'the business\'s SMS webhook')],
			traffic: [record.seq],
		});
	}

	const outbound = recorder.requests({ vendor: SMS_VENDOR, kind: 'sms' }).filter((record) => {
		const body = record.body;
		return isPlainObject(body) && body.from === businessNumber && typeof body.to === 'string' && typeof body.text === 'string';
	});
	for (const attempts of groupRetries(outbound, sameRequestKey)) {
		const first = attempts[0];
		const last = attempts[attempts.length - 1];
		const body = first.body as { to: string; text: string };
		const answer = isPlainObject(last.response) ? last.response : {};
		const chip = requestChip(attempts, typeof answer.status === 'string' ? answer.status : 'sent', 'the SMS provider', (failed) => errorText(failed.response));
		add(body.to, {
			key: `sms-out-${first.seq}`,
			seq: first.seq,
			at: first.at,
			author: 'contact-center',
			text: body.text,
			statuses: [chip],
			traffic: attempts.map((record) => record.seq),
		});
	}

	for (const thread of threads.values()) thread.sort((a, b) => a.seq - b.seq);
	return threads;
}
