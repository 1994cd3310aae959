import type { VendorTab } from '../types';
import { api } from './api';
import { ConversationView } from './conversationView';
import { fill, flash, h } from './dom';
import { FaultsView } from './faultsView';
import { TrafficView } from './trafficView';

/** One vendor's tab: wiring notes, the simulated agent's switch, fault switches, conversations and traffic. */
export class TabView {
	readonly element: HTMLElement;
	private readonly notes = h('ul', { class: 'notes', 'data-testid': 'notes' });
	private readonly autoReply = h('input', { type: 'checkbox', 'data-testid': 'auto-reply' });
	private readonly traffic = new TrafficView();
	private readonly faults: FaultsView;
	private readonly conversations?: ConversationView;
	private refreshing?: Promise<void>;
	private again = false;

	constructor(private tab: VendorTab) {
		this.faults = new FaultsView(tab, () => void this.refresh());
		if (tab.conversations) this.conversations = new ConversationView(tab, (bubble) => this.traffic.highlight(bubble.traffic));
		this.autoReply.addEventListener('change', () => {
			api.setAutoReply(this.tab.name, this.autoReply.checked).then(() => this.refresh(), (error: Error) => flash(error.message));
		});
		const autoReplySwitch =
			tab.autoReply === undefined ? null : h('label', { class: 'switch' }, this.autoReply, ' Simulated agent answers each end-user message');
		this.element = h(
			'section',
			{ class: 'tab', 'data-vendor': tab.name, role: 'tabpanel' },
			h('div', { class: 'toolbar' }, h('div', { class: 'wiring' }, this.notes, autoReplySwitch), this.faults.element),
			this.conversations?.element ?? h('p', { class: 'empty' }, `${tab.title} has no conversation view: its traffic and fault switches are below.`),
			this.traffic.element,
		);
	}

	/** Fetches what the tab shows again; calls during a refresh are folded into one more. */
	refresh(): Promise<void> {
		if (this.refreshing) {
			this.again = true;
			return this.refreshing;
		}
		this.refreshing = this.load()
			.catch((error: Error) => flash(`Could not refresh ${this.tab.title}: ${error.message}`))
			.finally(() => {
				this.refreshing = undefined;
				if (this.again) {
					this.again = false;
					void this.refresh();
				}
			});
		return this.refreshing;
	}

	private async load(): Promise<void> {
		const [tabs, traffic, faults, conversations] = await Promise.all([
			api.tabs(),
			api.traffic(this.tab.name),
			api.faults(),
			this.tab.conversations ? api.conversations(this.tab.name) : Promise.resolve([]),
		]);
		this.tab = tabs.find((candidate) => candidate.name === this.tab.name) ?? this.tab;
		fill(this.notes, ...this.tab.notes.map((note) => h('li', {}, note)));
		this.autoReply.checked = this.tab.autoReply === true;
		this.conversations?.update(this.tab, conversations);
		this.faults.update(faults.pending, faults.fired);
		this.traffic.update(traffic);
	}
}
