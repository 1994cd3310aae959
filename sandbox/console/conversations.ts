import type { Recorder } from '../recorder';
import { phoneThreads } from './phoneThread';
import type { Bubble, Conversation, VendorConsole } from './types';

function last(bubbles: Bubble[]): Bubble | undefined {
	return bubbles.reduce<Bubble | undefined>((latest, bubble) => (!latest || bubble.seq > latest.seq ? bubble : latest), undefined);
}

/**
 * A vendor tab's conversations, newest first: the vendor's side (its console hook) joined with the
 * SMS threads of its business number by the end user's phone number. A conversation that has only
 * SMS so far (the workflow has not reached the vendor yet, or failed to) is listed too.
 */
export function tabConversations(hook: VendorConsole, recorder: Recorder): Conversation[] {
	const smsNumber = hook.smsNumber();
	const threads = smsNumber ? phoneThreads(recorder, smsNumber) : new Map<string, Bubble[]>();
	const byId = new Map<string, Conversation>();

	for (const side of hook.conversations()) {
		const id = side.endUserPhone ?? side.endUser;
		const known = byId.get(id);
		if (known) {
			known.agent.push(...side.messages);
			known.detail = side.detail ?? known.detail;
			continue;
		}
		byId.set(id, { id, endUser: side.endUser, endUserPhone: side.endUserPhone, business: side.business, detail: side.detail, lastSeq: 0, lastAt: '', phone: [], agent: [...side.messages] });
	}
	for (const [phone, bubbles] of threads) {
		const known = byId.get(phone);
		if (known) known.phone = bubbles;
		else byId.set(phone, { id: phone, endUser: hook.endUserAddress(phone), endUserPhone: phone, business: '', lastSeq: 0, lastAt: '', phone: bubbles, agent: [] });
	}

	const conversations = [...byId.values()];
	for (const conversation of conversations) {
		conversation.agent.sort((a, b) => a.seq - b.seq);
		const latest = last([...conversation.phone, ...conversation.agent]);
		conversation.lastSeq = latest?.seq ?? 0;
		conversation.lastAt = latest?.at ?? '';
	}
	return conversations.sort((a, b) => b.lastSeq - a.lastSeq);
}
