import type { Bubble, StatusChip } from '../types';
import { clock, h } from './dom';

function chip(status: StatusChip): HTMLElement {
	return h('span', { class: 'chip', 'data-tone': status.tone, 'data-status': status.label, title: status.detail }, status.label);
}

/**
 * One message. `side` is the pane it is drawn in: on the phone the end user's own messages are
 * "mine" (right), on the agent console the contact center's are.
 */
export function bubbleElement(bubble: Bubble, side: 'phone' | 'agent', onPick: (bubble: Bubble) => void): HTMLLIElement {
	const mine = side === 'phone' ? bubble.author === 'end-user' : bubble.author === 'contact-center';
	const details = bubble.statuses.map((status) => status.detail).filter((detail): detail is string => Boolean(detail));
	return h(
		'li',
		{
			class: 'bubble',
			'data-author': bubble.author,
			'data-mine': mine,
			'data-seq': bubble.seq,
			'data-statuses': bubble.statuses.map((status) => status.label).join('|'),
			title: 'Show its requests in the traffic log',
			onclick: () => onPick(bubble),
		},
		side === 'agent' && bubble.sender ? h('span', { class: 'sender' }, bubble.sender) : null,
		h('p', { class: 'text' }, bubble.text),
		h('div', { class: 'meta' }, h('time', { datetime: bubble.at }, clock(bubble.at)), ...bubble.statuses.map(chip)),
		details.length ? h('p', { class: 'why' }, details.join(' · ')) : null,
	);
}
