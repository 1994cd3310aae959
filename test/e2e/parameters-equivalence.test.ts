/**
 * nodes/shared/parameters.ts reads an expression that is exactly an item field (`{{ $json.a.b }}`)
 * from the item instead of asking n8n, which would evaluate it per item. This proves, in the
 * real n8n of the test bed (each major in CI), that the shortcut gives what n8n's own evaluation
 * gives: the same items go to two Avaya Send Message nodes, one with shortcut expressions, one
 * with the same expressions in parentheses (which the shortcut does not recognise, so n8n
 * evaluates them), and each item must be sent with the same request, or fail with the same error.
 * The same holds for expressions that read an earlier node's matching item
 * (`{{ $('One item per case').item.json.from }}`, read through n8n's data proxy): a second pair of
 * nodes, after the first, reads the same fields that way.
 * Workflow: test/e2e/workflows/parameters-equivalence.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { fieldPathOf, nodeItemFieldOf } from '../../nodes/shared/parameters';
import type { AcceptedRecord } from '../../sandbox/recorder';
import { e2e, executions, executionsFinished, nodeOutput, postJson, productionUrl, sandbox, type StoredExecution } from '../harness/context';
import type { WorkflowFixture } from '../harness/fixtures';
import { E2E_WORKFLOWS_DIR } from '../harness/paths';

const WORKFLOW = 'e2eParamsEquiv01';
const SHORTCUT = 'Shortcut';
const EVALUATED = 'Evaluated by n8n';
const NODE_ITEM_SHORTCUT = 'Shortcut via $()';
const NODE_ITEM_EVALUATED = 'Evaluated via $() by n8n';
const READ_FIELDS = ['from', 'destination', 'text'];
const END_USER = '+14155550123';

/** Item shapes where reading the field could differ from evaluating the expression. */
function cases(registered: string): Record<string, unknown>[] {
	const ok = { from: END_USER, route: { to: registered } };
	return [
		{ ...ok, body: { text: 'plain text' } },
		{ ...ok, body: { text: '  padded with spaces  ' } },
		{ ...ok, body: { text: 'héllo 👋 ünïcode' } },
		{ ...ok, body: { text: 12345 } },
		{ ...ok, body: { text: 0 } },
		{ ...ok, body: { text: false } },
		{ ...ok, body: { text: null } },
		{ ...ok, body: { text: '' } },
		{ ...ok, body: {} },
		{ ...ok, body: { text: { nested: 'object' } } },
		{ ...ok, body: { text: ['an', 'array'] } },
		{ ...ok, body: { text: '{{ $json.from }}' } },
		{ ...ok, body: { text: '=starts with an equals sign' } },
		{ ...ok, body: { text: 'x'.repeat(1025) } },
		{ ...ok, body: null },
		{ ...ok, body: 'a string, not an object' },
		{ from: END_USER, route: { to: registered } },
		{ from: 14155550123, route: { to: registered }, body: { text: 'number as from' } },
		{ from: '(415) 555-0123', route: { to: registered }, body: { text: 'national format' } },
		{ from: null, route: { to: registered }, body: { text: 'null from' } },
		{ route: { to: registered }, body: { text: 'no from' } },
		{ from: END_USER, route: {}, body: { text: 'no destination' } },
		{ from: END_USER, route: null, body: { text: 'null route' } },
		{ from: END_USER, body: { text: 'no route' } },
	];
}

type Outcome = { sent: unknown } | { failed: { error: unknown; description: unknown } } | { missing: true };

function outcomes(execution: StoredExecution, node: string, accepted: AcceptedRecord[]): Outcome[] {
	return nodeOutput(execution, node).map((item) => {
		if (item.error !== undefined) return { failed: { error: item.error, description: item.description } };
		const record = accepted.find((candidate) => candidate.id === item.messageId);
		return record ? { sent: record.request } : { missing: true };
	});
}

describe('the parameter shortcut against n8n\'s own evaluation (real n8n)', () => {
	it('the two nodes differ only in whether the shortcut reads their fields', () => {
		const workflow = JSON.parse(fs.readFileSync(path.join(E2E_WORKFLOWS_DIR, 'parameters-equivalence.json'), 'utf8')) as WorkflowFixture;
		const parametersOf = (name: string) => workflow.nodes.find((node) => node.name === name)?.parameters ?? {};
		for (const field of READ_FIELDS) {
			expect(fieldPathOf(parametersOf(SHORTCUT)[field])).toBeDefined();
			expect(fieldPathOf(parametersOf(EVALUATED)[field])).toBeUndefined();
			expect(nodeItemFieldOf(parametersOf(NODE_ITEM_SHORTCUT)[field])).toBeDefined();
			expect(nodeItemFieldOf(parametersOf(NODE_ITEM_EVALUATED)[field])).toBeUndefined();
			expect(fieldPathOf(parametersOf(NODE_ITEM_EVALUATED)[field])).toBeUndefined();
		}
	});

	it('every item is sent with the same request, or fails with the same error, either way', async () => {
		const items = cases(e2e().avaya.registeredNumber);
		const since = Math.max(0, ...(await sandbox().accepted()).map((record) => record.seq));
		const before = (await executions(WORKFLOW)).length;

		const reply = await postJson(productionUrl('e2e-parameters-equivalence'), { items });

		expect(reply.status).toBe(200);
		const finished = await executionsFinished(WORKFLOW, before + 1);
		const execution = finished[finished.length - 1];
		expect(execution.status).toBe('success');
		const accepted = await sandbox().accepted({ vendor: 'avaya', since });
		const shortcut = outcomes(execution, SHORTCUT, accepted);
		const evaluated = outcomes(execution, EVALUATED, accepted);

		expect(shortcut).toHaveLength(items.length);
		expect(shortcut).toEqual(evaluated);
		// Both kinds of outcome occur, so the comparison covers sends and refusals.
		expect(shortcut.filter((outcome) => 'sent' in outcome).length).toBeGreaterThan(3);
		expect(shortcut.filter((outcome) => 'failed' in outcome).length).toBeGreaterThan(3);
		expect(shortcut.filter((outcome) => 'missing' in outcome)).toEqual([]);

		// The same items read from "One item per case" through $('…').item, one node further on.
		const viaNodeItem = outcomes(execution, NODE_ITEM_SHORTCUT, accepted);
		expect(viaNodeItem).toHaveLength(items.length);
		expect(viaNodeItem).toEqual(outcomes(execution, NODE_ITEM_EVALUATED, accepted));
		expect(viaNodeItem.map((outcome) => ('sent' in outcome ? 'sent' : 'failed' in outcome ? 'failed' : 'missing'))).toEqual(
			shortcut.map((outcome) => ('sent' in outcome ? 'sent' : 'failed' in outcome ? 'failed' : 'missing')),
		);
	});
});
