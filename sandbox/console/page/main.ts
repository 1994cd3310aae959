/**
 * The sandbox console page: one tab per vendor of the sandbox; each shows its conversations (the
 * end user's phone beside the contact center's console), fault switches and traffic log, refreshed
 * whenever the sandbox records traffic (server-sent events).
 */
import type { VendorTab } from '../types';
import { api } from './api';
import { fill, flash, h } from './dom';
import { TabView } from './tabView';

const views = new Map<string, TabView>();
let current: TabView | undefined;

function show(tab: VendorTab, buttons: HTMLButtonElement[]): void {
	let view = views.get(tab.name);
	if (!view) views.set(tab.name, (view = new TabView(tab)));
	current = view;
	for (const button of buttons) button.setAttribute('aria-selected', String(button.dataset.vendor === tab.name));
	const app = document.getElementById('app');
	if (app) fill(app, view.element);
	if (location.hash !== `#${tab.name}`) history.replaceState(null, '', `#${tab.name}`);
	void view.refresh();
}

function listen(): void {
	const live = document.getElementById('live');
	const events = new EventSource('/_console/events');
	const state = (name: string, label: string) => {
		if (!live) return;
		live.dataset.state = name;
		live.textContent = label;
	};
	events.addEventListener('open', () => state('open', 'live'));
	events.addEventListener('error', () => state('closed', 'reconnecting…'));
	events.addEventListener('changed', () => void current?.refresh());
}

async function start(): Promise<void> {
	const tabs = await api.tabs();
	const nav = document.getElementById('tabs');
	const buttons = tabs.map((tab) =>
		h('button', { type: 'button', role: 'tab', 'data-vendor': tab.name, 'data-testid': `tab-${tab.name}`, onclick: () => show(tab, buttons) }, tab.title),
	);
	if (nav) fill(nav, ...buttons);
	const wanted = tabs.find((tab) => `#${tab.name}` === location.hash) ?? tabs[0];
	if (wanted) show(wanted, buttons);
	listen();
}

start().catch((error: Error) => flash(`The console could not start: ${error.message}`));
