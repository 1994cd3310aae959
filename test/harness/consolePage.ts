import type { Locator, Page } from 'playwright-core';

/** A message bubble as the page shows it. */
export interface ShownBubble {
	author: string;
	sender: string;
	text: string;
	/** Status chip labels in order, e.g. ['delivered'] or ['delivered', 'Delivered']. */
	statuses: string[];
	/** The chips' explanations as shown under the bubble. */
	why: string;
}

/** A traffic log row as the page shows it. */
export interface ShownRow {
	seq: number;
	cells: string[];
}

/** What the page's script needs of an element (the test code is compiled without DOM types). */
interface ElementLike {
	getAttribute(name: string): string | null;
	querySelector(selector: string): { textContent: string | null } | null;
	textContent: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds; throws with the last value read when it never does. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T = await read();
	while (!accept(last)) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last, null, 2)}`);
		await sleep(150);
		last = await read();
	}
	return last;
}

/** Drives the sandbox console in a browser page: tabs, conversations, both composers, fault switches, traffic log. */
export class ConsolePage {
	constructor(
		readonly page: Page,
		readonly url: string,
	) {}

	async open(vendor?: string): Promise<void> {
		await this.page.goto(vendor ? `${this.url}#${vendor}` : this.url);
		await this.page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
	}

	async tab(vendor: string): Promise<void> {
		await this.page.getByTestId(`tab-${vendor}`).click();
		await this.panel(vendor).waitFor();
	}

	/** The open tab's panel. */
	panel(vendor: string): Locator {
		return this.page.locator(`section.tab[data-vendor="${vendor}"]`);
	}

	async startConversation(vendor: string, phone: string): Promise<void> {
		const panel = this.panel(vendor);
		await panel.getByTestId('new-conversation-phone').fill(phone);
		await panel.getByTestId('new-conversation').getByRole('button').click();
		await panel.locator('.phone .pane-title strong', { hasText: phone }).waitFor();
	}

	async endUserSends(vendor: string, text: string): Promise<void> {
		const input = this.panel(vendor).getByTestId('end-user-input');
		await input.fill(text);
		await input.press('Enter');
	}

	async agentSends(vendor: string, text: string, sender?: string): Promise<void> {
		const panel = this.panel(vendor);
		if (sender) await panel.getByTestId('agent-sender').selectOption(sender);
		const input = panel.getByTestId('agent-input');
		await input.fill(text);
		await input.press('Enter');
	}

	/** The bubbles of the end user's phone or of the contact-center console, in order. */
	bubbles(vendor: string, side: 'phone' | 'agent'): Promise<ShownBubble[]> {
		return this.panel(vendor)
			.getByTestId(side === 'phone' ? 'phone-thread' : 'agent-thread')
			.locator('li.bubble')
			.evaluateAll((elements: ElementLike[]) =>
				elements.map((element) => ({
					author: element.getAttribute('data-author') ?? '',
					sender: element.querySelector('.sender')?.textContent ?? '',
					text: element.querySelector('.text')?.textContent ?? '',
					statuses: (element.getAttribute('data-statuses') ?? '').split('|').filter(Boolean),
					why: element.querySelector('.why')?.textContent ?? '',
				})),
			);
	}

	/** Waits until a side shows `count` bubbles whose last one has settled (no status still moving). */
	settledBubbles(vendor: string, side: 'phone' | 'agent', count: number, settled: (bubbles: ShownBubble[]) => boolean = () => true): Promise<ShownBubble[]> {
		return eventually(
			() => this.bubbles(vendor, side),
			(bubbles) => bubbles.length >= count && bubbles.every((bubble) => !bubble.statuses.some((status) => ['sending', 'retrying', 'no receipt yet'].includes(status))) && settled(bubbles),
			`${count} settled bubbles on the ${side} side of ${vendor}`,
		);
	}

	/** Turns a fault switch on for the next `times` requests of an endpoint kind. */
	async fault(vendor: string, which: 'latency' | '429' | '503' | 'expire-tokens', options: { kind?: string; times?: number; retryAfter?: number; ms?: number } = {}): Promise<void> {
		const panel = this.panel(vendor);
		if (options.kind) await panel.getByTestId('fault-kind').selectOption(options.kind);
		if (options.times) await panel.getByTestId('fault-times').fill(String(options.times));
		if (options.retryAfter !== undefined) await panel.getByTestId('fault-retry-after').fill(String(options.retryAfter));
		if (options.ms !== undefined) await panel.getByTestId('fault-latency-ms').fill(String(options.ms));
		await panel.getByTestId(`fault-${which}`).click();
	}

	pendingFaults(vendor: string): Promise<string[]> {
		return this.panel(vendor).getByTestId('faults-pending').locator('li').allInnerTexts();
	}

	/** The traffic log's rows, oldest first. */
	trafficRows(vendor: string): Promise<ShownRow[]> {
		return this.panel(vendor)
			.getByTestId('traffic-table')
			.locator('tbody tr')
			.evaluateAll((rows: Array<ElementLike & { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }>) =>
				rows.map((row) => ({ seq: Number(row.getAttribute('data-seq')), cells: Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '') })),
			);
	}

	/** Clicks a traffic row and returns the detail pane's text once it shows that request. */
	async openTrafficRow(vendor: string, seq: number): Promise<string> {
		const panel = this.panel(vendor);
		await panel.locator(`tr[data-seq="${seq}"]`).click();
		const detail = panel.getByTestId('traffic-detail');
		await detail.locator('h3', { hasText: `#${seq} ` }).waitFor();
		return detail.innerText();
	}
}
