/** ItemParameters gives what getNodeParameter gives, evaluating only what needs n8n's expression engine. */
import { mock } from 'jest-mock-extended';
import type { IExecuteFunctions, INode, INodeParameters } from 'n8n-workflow';

import { ItemParameters, fieldPathOf, holdsExpression, nodeItemFieldOf } from '../../nodes/shared/parameters';

function context(parameters: INodeParameters, items: object[], evaluate: (name: string, index: number) => unknown) {
	const ctx = mock<IExecuteFunctions>();
	ctx.getNode.mockReturnValue({ parameters } as INode);
	ctx.getInputData.mockReturnValue(items.map((json) => ({ json: json as never })));
	ctx.getNodeParameter.mockImplementation(((name: string, index: number) => evaluate(name, index)) as never);
	return ctx;
}

test('field expressions are recognised, other expressions are not', () => {
	expect(fieldPathOf('={{ $json.from }}')).toEqual(['from']);
	expect(fieldPathOf('={{$json.body.text}}')).toEqual(['body', 'text']);
	expect(fieldPathOf('={{ $json["phone number"] }}')).toEqual(['phone number']);
	expect(fieldPathOf("={{ $json['to'].x }}")).toEqual(['to', 'x']);
	for (const other of ['={{ $json.from.trim() }}', '={{ $json.a + $json.b }}', '=+{{ $json.from }}', '={{ $node["A"].json.x }}', 'plain', '={{ $json }}', '={{ $json.a }} {{ $json.b }}']) {
		expect(fieldPathOf(other)).toBeUndefined();
	}
	expect(holdsExpression({ a: [1, { b: '={{1}}' }] })).toBe(true);
	expect(holdsExpression({ a: [1, { b: 'x' }], c: 3 })).toBe(false);
});

test('a field expression reads the item, without calling n8n\'s evaluator', () => {
	const evaluate = jest.fn();
	const ctx = context({ from: '={{ $json.body.from }}' }, [{ body: { from: '+1' } }, { body: { from: '+2' } }, {}], evaluate);
	const parameters = new ItemParameters(ctx);
	expect(parameters.get('from', 0)).toBe('+1');
	expect(parameters.get('from', 1)).toBe('+2');
	expect(parameters.get('from', 2, 'fallback')).toBe('fallback');
	expect(evaluate).not.toHaveBeenCalled();
});

test('a parameter without expressions is its stored value for every item, without asking n8n, and a copy of it', () => {
	const evaluate = jest.fn((name: string) => (name === 'options' ? { concurrency: 5 } : undefined));
	const stored = { options: { concurrency: 5 } };
	const ctx = context(stored, [{}, {}, {}], evaluate);
	const parameters = new ItemParameters(ctx);
	for (let i = 0; i < 3; i++) expect(parameters.get('options', i)).toEqual({ concurrency: 5 });
	expect(evaluate).not.toHaveBeenCalled();
	parameters.get<{ concurrency: number }>('options', 0).concurrency = 9;
	expect(stored.options.concurrency).toBe(5);
});

test('a parameter the workflow does not store (left at its default) is asked of n8n, which knows the default', () => {
	const evaluate = jest.fn(() => 'message');
	const parameters = new ItemParameters(context({}, [{}], evaluate));
	expect(parameters.get('resource', 0)).toBe('message');
	expect(evaluate).toHaveBeenCalledTimes(1);
});

test('any other expression is evaluated by n8n for each item', () => {
	const evaluate = jest.fn((_name: string, index: number) => `text ${index}`);
	const ctx = context({ text: '={{ "text " + $itemIndex }}', options: { to: '={{ $json.to }}' } }, [{}, {}], evaluate);
	const parameters = new ItemParameters(ctx);
	expect(parameters.get('text', 0)).toBe('text 0');
	expect(parameters.get('text', 1)).toBe('text 1');
	parameters.get('options', 0);
	parameters.get('options', 1);
	expect(evaluate).toHaveBeenCalledTimes(4);
});

test('an earlier node\'s item field is recognised, other references to nodes are not', () => {
	expect(nodeItemFieldOf("={{ $('Genesys Trigger').item.json.messageId }}")).toEqual({ node: 'Genesys Trigger', path: ['messageId'] });
	expect(nodeItemFieldOf('={{$("It\'s a node").item.json["body"].text}}')).toEqual({ node: "It's a node", path: ['body', 'text'] });
	for (const other of [
		"={{ $('A').first().json.x }}",
		"={{ $('A').item.json }}",
		"={{ $('A').item.json.x.trim() }}",
		"={{ $('A').all()[0].json.x }}",
		"={{ $('A').item.binary.x }}",
		"={{ $node['A'].json.x }}",
		"={{ $(name).item.json.x }}",
		"={{ $('A').item.json.x }} and {{ $json.y }}",
		"$('A').item.json.x",
	]) {
		expect(nodeItemFieldOf(other)).toBeUndefined();
	}
});

function withProxy(parameters: INodeParameters, items: object[], dollar: (node: string, index: number) => unknown, evaluate: (name: string, index: number) => unknown) {
	const ctx = context(parameters, items, evaluate);
	ctx.getWorkflowDataProxy.mockImplementation(((index: number) => ({ $: (node: string) => dollar(node, index) })) as never);
	return new ItemParameters(ctx);
}

test("an earlier node's item field is read through n8n's data proxy for each item, without n8n's evaluator", () => {
	const evaluate = jest.fn();
	const sources = [{ messageId: 'm-0', to: { id: '+1' } }, { messageId: 'm-1', to: { id: '+2' } }];
	const asked: string[] = [];
	const parameters = withProxy(
		{ messageId: "={{ $('Trigger').item.json.messageId }}", to: '={{ $("Trigger").item.json.to.id }}' },
		[{}, {}],
		(node, index) => {
			asked.push(node);
			return { item: { json: sources[index] } };
		},
		evaluate,
	);
	expect([0, 1].map((i) => parameters.get('messageId', i))).toEqual(['m-0', 'm-1']);
	expect([0, 1].map((i) => parameters.get('to', i))).toEqual(['+1', '+2']);
	expect(new Set(asked)).toEqual(new Set(['Trigger']));
	expect(evaluate).not.toHaveBeenCalled();
});

test("when the data proxy fails or has no such field, n8n evaluates the expression (its result or error stands)", () => {
	const evaluate = jest.fn((_name: string, index: number) => {
		if (index === 1) throw new Error("n8n's own paired-item error");
		return `evaluated ${index}`;
	});
	const parameters = withProxy(
		{ messageId: "={{ $('Trigger').item.json.messageId }}" },
		[{}, {}, {}],
		(_node, index) => {
			if (index < 2) throw new Error('no paired item');
			return { item: { json: {} } };
		},
		evaluate,
	);
	expect(parameters.get('messageId', 0)).toBe('evaluated 0');
	expect(() => parameters.get('messageId', 1)).toThrow("n8n's own paired-item error");
	expect(parameters.get('messageId', 2)).toBe('evaluated 2');
	expect(evaluate).toHaveBeenCalledTimes(3);
});
