import type { TrafficDetail, TrafficRow } from '../types';
import { api } from './api';
import { clock, fill, flash, h, pretty } from './dom';

function direction(row: TrafficRow): string {
	return row.direction === 'to-vendor' ? `→ ${row.vendor}` : `${row.vendor} →`;
}

function headerTable(headers: Record<string, string>): HTMLElement {
	return h('table', { class: 'headers' }, h('tbody', {}, ...Object.entries(headers).map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value)))));
}

function detailElement(detail: TrafficDetail): HTMLElement[] {
	return [
		h('h3', {}, `#${detail.seq} ${detail.method} ${detail.path} — ${detail.statusText}`),
		h('p', { class: 'url' }, detail.url),
		h('h4', {}, 'Request headers'),
		headerTable(detail.headers),
		h('h4', {}, 'Request body'),
		h('pre', {}, pretty(detail.body)),
		h('h4', {}, detail.answers.length === 1 ? 'Answer' : `Answers (${detail.answers.length})`),
		...(detail.answers.length ? [] : [h('p', { class: 'empty' }, 'No answer yet.')]),
		...detail.answers.flatMap((answer) => [
			h('p', { class: 'answer' }, `attempt ${answer.attempt} · ${clock(answer.at)} · ${answer.status ?? answer.error ?? 'no answer'}${answer.ms !== undefined ? ` · ${answer.ms} ms` : ''}`),
			h('pre', {}, pretty(answer.body)),
		]),
	];
}

/** The traffic log of a tab: every request between n8n and the vendor, and one request's headers and bodies. */
export class TrafficView {
	readonly element: HTMLElement;
	private readonly body = h('tbody', {});
	private readonly detail = h('div', { class: 'traffic-detail', 'data-testid': 'traffic-detail' }, h('p', { class: 'empty' }, 'Click a row to see its headers (secrets masked) and bodies.'));
	private selected?: number;
	private highlighted = new Set<number>();

	constructor() {
		const columns = ['time', 'direction', 'kind', 'method', 'path', 'status', 'signature', 'retry', 'faults'];
		this.element = h(
			'section',
			{ class: 'traffic', 'aria-label': 'Traffic log' },
			h('h2', {}, 'Traffic log'),
			h(
				'div',
				{ class: 'traffic-panes' },
				h('div', { class: 'traffic-scroll' }, h('table', { class: 'traffic-table', 'data-testid': 'traffic-table' }, h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', {}, column)))), this.body)),
				this.detail,
			),
		);
	}

	update(rows: TrafficRow[]): void {
		const scroller = this.body.closest('.traffic-scroll');
		const atBottom = scroller ? scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40 : true;
		fill(
			this.body,
			...rows.map((row) =>
				h(
					'tr',
					{
						'data-seq': row.seq,
						'data-tone': row.tone,
						'data-direction': row.direction,
						'aria-selected': row.seq === this.selected ? 'true' : null,
						class: this.highlighted.has(row.seq) ? 'highlighted' : null,
						onclick: () => void this.select(row.seq),
					},
					h('td', {}, clock(row.at)),
					h('td', {}, direction(row)),
					h('td', {}, row.kind),
					h('td', {}, row.method),
					h('td', { class: 'path', title: row.path }, row.path),
					h('td', { class: 'status' }, row.statusText),
					h('td', {}, row.signature),
					h('td', {}, row.retries ? String(row.retries) : ''),
					h('td', { class: 'fault-names' }, row.faults.join(', ')),
				),
			),
		);
		if (scroller && atBottom) scroller.scrollTop = scroller.scrollHeight;
		if (this.selected !== undefined) void this.select(this.selected, false);
	}

	/** Marks the rows behind a message and opens the first one. */
	highlight(seqs: number[]): void {
		this.highlighted = new Set(seqs);
		for (const row of Array.from(this.body.querySelectorAll('tr'))) row.classList.toggle('highlighted', this.highlighted.has(Number(row.dataset.seq)));
		const first = this.body.querySelector('tr.highlighted');
		first?.scrollIntoView({ block: 'nearest' });
		if (seqs.length) void this.select(seqs[seqs.length - 1]);
	}

	async select(seq: number, mark = true): Promise<void> {
		this.selected = seq;
		if (mark) for (const row of Array.from(this.body.querySelectorAll('tr'))) row.setAttribute('aria-selected', String(Number(row.dataset.seq) === seq));
		try {
			fill(this.detail, ...detailElement(await api.trafficDetail(seq)));
		} catch (error) {
			flash(`Could not read request #${seq}: ${(error as Error).message}`);
		}
	}
}
