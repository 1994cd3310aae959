import type { Bubble, Conversation, VendorTab } from '../types';
import { api } from './api';
import { bubbleElement } from './bubbles';
import { fill, flash, h } from './dom';

/** The conversation being shown: one from the list, or a new one with only a phone number so far. */
interface Shown {
	id: string;
	endUser?: string;
	endUserPhone?: string;
	business: string;
	detail?: string;
	phone: Bubble[];
	agent: Bubble[];
}

function draft(phone: string): Shown {
	return { id: phone, endUserPhone: phone, business: '', phone: [], agent: [] };
}

/** Keeps a thread scrolled to its newest message when it was there already. */
function fillThread(thread: HTMLElement, items: HTMLElement[], empty: string): void {
	const atBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 40;
	const before = thread.childElementCount;
	fill(thread, ...(items.length ? items : [h('li', { class: 'empty' }, empty)]));
	if (atBottom || items.length !== before) thread.scrollTop = thread.scrollHeight;
}

/** The conversation list, the end user's phone and the contact center's console of one vendor tab. */
export class ConversationView {
	readonly element: HTMLElement;
	private conversations: Conversation[] = [];
	private shown?: Shown;
	private readonly list = h('ul', { class: 'conversation-list', 'data-testid': 'conversation-list' });
	private readonly phoneTitle = h('div', { class: 'pane-title' });
	private readonly agentTitle = h('div', { class: 'pane-title' });
	private readonly phoneThread = h('ol', { class: 'thread', 'data-testid': 'phone-thread', 'aria-live': 'polite' });
	private readonly agentThread = h('ol', { class: 'thread', 'data-testid': 'agent-thread', 'aria-live': 'polite' });
	private readonly endUserInput = h('input', { name: 'text', autocomplete: 'off', placeholder: 'Text as the end user…', 'data-testid': 'end-user-input', 'aria-label': 'SMS text from the end user' });
	private readonly agentInput = h('input', { name: 'text', autocomplete: 'off', placeholder: 'Reply as the agent…', 'data-testid': 'agent-input', 'aria-label': 'Agent message' });
	private readonly senderSelect: HTMLSelectElement;
	private readonly newPhone: HTMLInputElement;

	constructor(
		private tab: VendorTab,
		private readonly onPick: (bubble: Bubble) => void,
	) {
		this.senderSelect = h('select', { name: 'sender', 'aria-label': 'Sender type', 'data-testid': 'agent-sender' }, ...tab.agentSenders.map((sender) => h('option', { value: sender }, sender)));
		this.newPhone = h('input', { name: 'phone', value: tab.sampleEndUser ?? '', 'aria-label': 'End user phone number', 'data-testid': 'new-conversation-phone', autocomplete: 'off' });
		const newConversation = h(
			'form',
			{ class: 'new-conversation', 'data-testid': 'new-conversation', onsubmit: (event: Event) => this.startConversation(event) },
			this.newPhone,
			h('button', { type: 'submit' }, 'New conversation'),
		);
		const endUserComposer = h('form', { class: 'composer', 'data-testid': 'end-user-composer', onsubmit: (event: Event) => this.endUserSends(event) }, this.endUserInput, h('button', { type: 'submit' }, 'Send SMS'));
		const agentComposer = h(
			'form',
			{ class: 'composer', 'data-testid': 'agent-composer', onsubmit: (event: Event) => this.agentSends(event) },
			tab.agentSenders.length > 1 ? this.senderSelect : null,
			this.agentInput,
			h('button', { type: 'submit' }, 'Send'),
		);
		this.element = h(
			'div',
			{ class: 'workspace' },
			h('aside', { class: 'conversations', 'aria-label': 'Conversations' }, h('h2', {}, 'Conversations'), newConversation, this.list),
			h('section', { class: 'phone', 'aria-label': 'End user phone' }, this.phoneTitle, this.phoneThread, endUserComposer),
			h('section', { class: 'agent', 'aria-label': 'Contact-center console' }, this.agentTitle, this.agentThread, agentComposer),
		);
		this.render();
	}

	update(tab: VendorTab, conversations: Conversation[]): void {
		this.tab = tab;
		this.conversations = conversations;
		const current = this.shown && conversations.find((conversation) => conversation.id === this.shown?.id);
		if (current) this.shown = current;
		else if (!this.shown && conversations.length) this.shown = conversations[0];
		this.render();
	}

	private select(id: string): void {
		this.shown = this.conversations.find((conversation) => conversation.id === id) ?? this.shown;
		this.render();
	}

	private startConversation(event: Event): void {
		event.preventDefault();
		const phone = this.newPhone.value.trim();
		if (!/^\+[1-9]\d{6,14}$/.test(phone)) return flash('Enter the end user\'s number in E.164, e.g. +14155550123');
		this.shown = this.conversations.find((conversation) => conversation.id === phone) ?? draft(phone);
		this.render();
		this.endUserInput.focus();
	}

	private endUserSends(event: Event): void {
		event.preventDefault();
		const text = this.endUserInput.value;
		const phone = this.shown?.endUserPhone;
		if (!phone || !text.trim()) return;
		this.endUserInput.value = '';
		api.endUserWrites(this.tab.name, phone, text).catch((error: Error) => flash(`The end user's SMS was not sent: ${error.message}`));
	}

	private agentSends(event: Event): void {
		event.preventDefault();
		const text = this.agentInput.value;
		const shown = this.shown;
		if (!shown || !text.trim()) return;
		this.agentInput.value = '';
		const sender = this.tab.agentSenders.length ? this.senderSelect.value : undefined;
		api
			.agentWrites(this.tab.name, { endUser: shown.endUser ?? '', endUserPhone: shown.endUserPhone, business: shown.business || undefined, text, sender })
			.catch((error: Error) => flash(`The agent's message was not sent: ${error.message}`));
	}

	private render(): void {
		fill(
			this.list,
			...(this.conversations.length ? [] : [h('li', { class: 'empty' }, 'No conversation yet: start one above.')]),
			...this.conversations.map((conversation) => {
				const latest = [...conversation.phone, ...conversation.agent].sort((a, b) => b.seq - a.seq)[0];
				return h(
					'li',
					{},
					h(
						'button',
						{ type: 'button', class: 'conversation', 'aria-current': conversation.id === this.shown?.id ? 'true' : null, 'data-id': conversation.id, onclick: () => this.select(conversation.id) },
						h('strong', {}, conversation.endUserPhone ?? conversation.endUser),
						h('span', { class: 'snippet' }, latest?.text ?? ''),
					),
				);
			}),
		);
		const shown = this.shown;
		const smsNumber = this.tab.smsNumber;
		fill(
			this.phoneTitle,
			h('strong', {}, shown?.endUserPhone ?? 'No phone'),
			h('small', {}, shown?.endUserPhone ? (smsNumber ? `texting ${smsNumber}` : 'no SMS number reaches this contact center') : 'pick or start a conversation'),
		);
		fill(
			this.agentTitle,
			h('strong', {}, `${this.tab.title} agent console`),
			h('small', {}, shown ? [`end user ${shown.endUser ?? shown.endUserPhone}`, shown.business && `business ${shown.business}`, shown.detail].filter(Boolean).join(' · ') : ''),
		);
		fillThread(this.phoneThread, (shown?.phone ?? []).map((bubble) => bubbleElement(bubble, 'phone', this.onPick)), shown ? 'No SMS yet.' : '');
		fillThread(this.agentThread, (shown?.agent ?? []).map((bubble) => bubbleElement(bubble, 'agent', this.onPick)), shown ? 'Nothing has reached the contact center yet.' : '');
		this.endUserInput.disabled = !shown?.endUserPhone || !smsNumber;
		this.agentInput.disabled = !shown;
	}
}
