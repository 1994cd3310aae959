/** A tiny element builder: attributes by name, `on…` functions as listeners, children as nodes or text. */
export type Child = Node | string | number | null | undefined | false;
type Attribute = string | number | boolean | null | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, Attribute> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === null || value === undefined || value === false) continue;
		if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
		else if (name === 'class') element.className = String(value);
		else if (name === 'value' && 'value' in element) (element as HTMLInputElement).value = String(value);
		else element.setAttribute(name, value === true ? '' : String(value));
	}
	append(element, children);
	return element;
}

export function append(parent: Element, children: Child[]): void {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
	parent.replaceChildren();
	append(parent, children);
}

/** `12:03:04.567` in local time. */
export function clock(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A value as readable text: strings as they are, anything else as indented JSON. */
export function pretty(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

let flashTimer: number | undefined;

/** Shows an error (or a note) at the top of the page for a few seconds. */
export function flash(message: string, tone: 'failed' | 'ok' = 'failed'): void {
	const box = document.getElementById('flash');
	if (!box) return;
	box.textContent = message;
	box.dataset.tone = tone;
	box.hidden = false;
	window.clearTimeout(flashTimer);
	flashTimer = window.setTimeout(() => (box.hidden = true), 6000);
}
