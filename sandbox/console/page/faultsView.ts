import type { VendorTab } from '../types';
import { api, type FaultRule, type FiredFault } from './api';
import { clock, fill, flash, h } from './dom';

function describeRule(rule: FaultRule): string {
	const fault = rule.fault;
	const what =
		fault.type === 'status' ? `${fault.status}${fault.retryAfter ? ` (Retry-After ${fault.retryAfter} s)` : ''}` : fault.type === 'delay' ? `latency ${fault.ms} ms` : fault.type;
	return `${what} on ${rule.kind}, ${rule.remaining} left`;
}

function numberInput(name: string, value: number, label: string): HTMLInputElement {
	return h('input', { type: 'number', name, value, min: name === 'times' ? 1 : 0, 'aria-label': label, 'data-testid': `fault-${name}` });
}

/**
 * The fault switches of a vendor (the sandbox's fault injection): latency, 429 with Retry-After and
 * 503 for its next requests of one endpoint kind, and token expiry at once.
 */
export class FaultsView {
	readonly element: HTMLElement;
	private readonly pending = h('ul', { class: 'pending', 'data-testid': 'faults-pending' });
	private readonly fired = h('p', { class: 'fired', 'data-testid': 'faults-fired' });
	private readonly times = numberInput('times', 1, 'How many requests');
	private readonly latency = numberInput('latency-ms', 3000, 'Latency in milliseconds');
	private readonly retryAfter = numberInput('retry-after', 1, 'Retry-After in seconds');
	private readonly kind: HTMLSelectElement;

	constructor(
		private readonly tab: VendorTab,
		private readonly changed: () => void,
	) {
		const preferred = tab.kinds.find((kind) => kind !== 'token') ?? tab.kinds[0];
		this.kind = h('select', { name: 'kind', 'aria-label': 'Endpoint kind', 'data-testid': 'fault-kind' }, ...tab.kinds.map((kind) => h('option', { value: kind, selected: kind === preferred }, kind)));
		const button = (testid: string, label: string, onclick: () => void) => h('button', { type: 'button', 'data-testid': testid, onclick }, label);
		this.element = h(
			'section',
			{ class: 'faults', 'aria-label': 'Fault switches' },
			h('h2', {}, 'Fault switches'),
			h(
				'div',
				{ class: 'fault-form' },
				h('label', {}, 'next ', this.times, ' request(s) to ', this.kind),
				h('span', { class: 'fault-choice' }, button('fault-latency', 'Latency', () => this.add({ type: 'delay', ms: Number(this.latency.value) })), this.latency, ' ms'),
				h('span', { class: 'fault-choice' }, button('fault-429', '429', () => this.add({ type: 'status', status: 429, retryAfter: String(this.retryAfter.value) })), ' Retry-After ', this.retryAfter, ' s'),
				h('span', { class: 'fault-choice' }, button('fault-503', '503', () => this.add({ type: 'status', status: 503 }))),
				tab.tokens ? h('span', { class: 'fault-choice' }, button('fault-expire-tokens', 'Expire tokens now', () => this.expireTokens())) : null,
			),
			this.pending,
			this.fired,
		);
	}

	update(pending: FaultRule[], fired: FiredFault[]): void {
		const mine = pending.filter((rule) => rule.vendor === this.tab.name);
		fill(
			this.pending,
			...mine.map((rule) =>
				h(
					'li',
					{ 'data-type': rule.fault.type, 'data-status': rule.fault.status },
					describeRule(rule),
					h('button', { type: 'button', class: 'remove', 'aria-label': `Remove fault ${rule.id}`, onclick: () => void api.removeFault(rule.id).then(this.changed, (error: Error) => flash(error.message)) }, '×'),
				),
			),
		);
		const recent = fired.filter((entry) => entry.vendor === this.tab.name).slice(-4);
		fill(this.fired, ...(recent.length ? ['Fired: ', recent.map((entry) => `${entry.type} on ${entry.kind} at ${clock(entry.at)}`).join(' · ')] : []));
	}

	private add(fault: Record<string, unknown>): void {
		api
			.addFault({ vendor: this.tab.name, kind: this.kind.value, times: Number(this.times.value) || 1, fault })
			.then(this.changed, (error: Error) => flash(`Fault not added: ${error.message}`));
	}

	private expireTokens(): void {
		api
			.addFault({ vendor: this.tab.name, kind: this.kind.value, fault: { type: 'expire-tokens' } })
			.then((answer) => {
				flash(`Expired ${'expired' in answer ? answer.expired : 0} token(s): the next request with one gets 401.`, 'ok');
				this.changed();
			}, (error: Error) => flash(`Tokens not expired: ${error.message}`));
	}
}
