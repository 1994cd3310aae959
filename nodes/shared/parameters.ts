/**
 * Node parameters for many items, with n8n's results but without n8n's cost where the result is
 * known without evaluating: each `getNodeParameter` call that holds an expression builds a fresh
 * expression sandbox and data proxy (~100 µs), which for a 10 000-item send costs more than the
 * HTTP requests themselves.
 * - A parameter whose stored value holds no expression is the same for every item: it is that
 *   stored value (n8n 2.41 runs even a plain value through its expression runtime, ~1 ms a call).
 * - An expression that is exactly a field of the input item (`{{ $json.from }}`,
 *   `{{ $json.body.text }}`, `{{ $json["to"] }}`) is that field of the item: read it from the item.
 * - An expression that is exactly a field of an earlier node's matching item
 *   (`{{ $('Trigger').item.json.messageId }}`) is read through n8n's own data proxy, the one its
 *   expression engine asks for `$('…').item` (paired items followed back by n8n); when that gives
 *   nothing or fails, n8n evaluates the expression, so its own result or error stands.
 * - Anything else is evaluated by n8n for that item, as usual.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

const IDENTIFIER = String.raw`[A-Za-z_$][\w$]*`;
const SEGMENT = String.raw`(?:\.${IDENTIFIER}|\[\s*"[^"\\]*"\s*\]|\[\s*'[^'\\]*'\s*\])`;
const FIELD_EXPRESSION = new RegExp(String.raw`^=\{\{\s*\$json(${SEGMENT}+)\s*\}\}$`);
const SEGMENTS = new RegExp(SEGMENT, 'g');
const NODE_ITEM_EXPRESSION = new RegExp(String.raw`^=\{\{\s*\$\(\s*(?:"([^"\\]+)"|'([^'\\]+)')\s*\)\.item\.json(${SEGMENT}+)\s*\}\}$`);

function segmentsOf(segments: string): string[] {
	return (segments.match(SEGMENTS) ?? []).map((segment) =>
		segment.startsWith('.') ? segment.slice(1) : segment.replace(/^\[\s*["']|["']\s*\]$/g, ''),
	);
}

function valueAt(value: unknown, path: string[]): unknown {
	for (const key of path) value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
	return value;
}

/** The field path of an expression that only reads the input item, e.g. `['body', 'from']`. */
export function fieldPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = FIELD_EXPRESSION.exec(raw.trim());
	return match ? segmentsOf(match[1]) : undefined;
}

/** The node and field path of an expression that only reads an earlier node's matching item. */
export function nodeItemFieldOf(raw: unknown): { node: string; path: string[] } | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = NODE_ITEM_EXPRESSION.exec(raw.trim());
	return match ? { node: match[1] ?? match[2], path: segmentsOf(match[3]) } : undefined;
}

export function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(holdsExpression);
	if (raw && typeof raw === 'object') return Object.values(raw).some(holdsExpression);
	return false;
}

type Reader = (itemIndex: number) => unknown;

export class ItemParameters {
	private readonly readers = new Map<string, Reader>();

	constructor(private readonly context: IExecuteFunctions) {}

	get<T = unknown>(name: string, itemIndex: number, fallback?: T): T {
		let reader = this.readers.get(name);
		if (!reader) {
			reader = this.readerFor(name, fallback);
			this.readers.set(name, reader);
		}
		const value = reader(itemIndex);
		return (value === undefined ? fallback : value) as T;
	}

	private readerFor(name: string, fallback: unknown): Reader {
		const stored = (this.context.getNode().parameters as INodeParameters)[name];
		const evaluate: Reader = (i) => this.context.getNodeParameter(name, i, fallback as NodeParameterValueType);
		if (stored === undefined) return evaluate;
		if (!holdsExpression(stored)) {
			// A stored value without expressions is what n8n would return for every item (a copy, so
			// nothing downstream can change the workflow's parameters).
			const value = structuredClone(stored);
			return () => value;
		}
		const path = fieldPathOf(stored);
		if (path) {
			const items = this.context.getInputData();
			return (i) => valueAt(items[i]?.json, path);
		}
		const field = nodeItemFieldOf(stored);
		if (!field) return evaluate;
		return (i) => {
			let value: unknown;
			try {
				const source = this.context.getWorkflowDataProxy(i).$(field.node) as { item?: { json?: unknown } };
				value = valueAt(source.item?.json, field.path);
			} catch {
				value = undefined;
			}
			return value === undefined ? evaluate(i) : value;
		};
	}
}
