/** ItemParameters gives what getNodeParameter gives, evaluating only what needs n8n's expression engine. */
import { mock } from 'jest-mock-extended';
import type { IExecuteFunctions, INode, INodeParameters } from 'n8n-workflow';

import { ItemParameters, fieldPathOf, holdsExpression } from '../../nodes/shared/parameters';

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
