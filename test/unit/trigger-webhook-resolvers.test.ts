/**
 * The triggers' webhook descriptions carry, beside each expression template, a function n8n 2.41
 * calls instead of evaluating the template when the node's parameters are static. Proven here:
 * each function gives what n8n's own expression evaluation of the template gives, for every value
 * the option can hold, and n8n would pick it up (same template, the symbol n8n looks under).
 */
import type { INode, INodeParameters, INodeType, INodeTypes, IWebhookDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AvayaInfinityTrigger } from '../../nodes/AvayaInfinity/AvayaInfinityTrigger.node';
import { GenesysMulticloudTrigger } from '../../nodes/GenesysMulticloud/GenesysMulticloudTrigger.node';
import { WebexConnectTrigger } from '../../nodes/WebexConnect/WebexConnectTrigger.node';

/** The key n8n-workflow (2.41) declares as WEBHOOK_RESOLVERS. */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

type Resolvers = Record<string, { template: string; resolve: (parameters: INodeParameters) => unknown }>;

const triggers: Array<[string, INodeType]> = [
	['Avaya Infinity Trigger', new AvayaInfinityTrigger()],
	['Genesys Multicloud CX Trigger', new GenesysMulticloudTrigger()],
	['Webex Connect Trigger', new WebexConnectTrigger()],
];

/** The option values a stored workflow can hold, including ones only a hand-edited workflow would. */
const OPTIONS: INodeParameters[] = [{}, { answerWhenFinished: false }, { answerWhenFinished: true }, { answerWhenFinished: 'true' }, { answerWhenFinished: 1 }];

function postWebhook(nodeType: INodeType): IWebhookDescription {
	const webhook = nodeType.description.webhooks?.find((w) => w.httpMethod === 'POST');
	if (!webhook) throw new Error(`${nodeType.description.displayName} has no POST webhook`);
	return webhook;
}

/** n8n's evaluation of a description field for a node with these parameters (defaults applied, as n8n does). */
function evaluatedByN8n(nodeType: INodeType, template: string, options: INodeParameters): unknown {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: `n8n-nodes-contact-center-sms.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { options },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return { value: workflow.expression.getSimpleParameterValue(workflow.nodes.Trigger, template, 'webhook', {}), parameters: workflow.nodes.Trigger.parameters };
}

describe.each(triggers)('%s: response fields resolved without the expression engine', (_name, nodeType) => {
	const webhook = postWebhook(nodeType);
	const resolvers = (webhook as unknown as Record<symbol, Resolvers>)[WEBHOOK_RESOLVERS];

	it('declares a resolver for responseMode and responseData, each for the very template the description holds', () => {
		expect(Object.keys(resolvers).sort()).toEqual(['responseData', 'responseMode']);
		for (const [field, resolver] of Object.entries(resolvers)) expect((webhook as unknown as Record<string, unknown>)[field]).toBe(resolver.template);
	});

	it.each(OPTIONS)('gives what n8n evaluates from the template, options %j', (options) => {
		for (const resolver of Object.values(resolvers)) {
			const { value, parameters } = evaluatedByN8n(nodeType, resolver.template, options) as { value: unknown; parameters: INodeParameters };
			expect(resolver.resolve(parameters)).toBe(value);
		}
	});

	it('answers when finished only for the boolean true', () => {
		const modeOf = (options: INodeParameters) => resolvers.responseMode.resolve({ options });
		expect(OPTIONS.map(modeOf)).toEqual(['onReceived', 'onReceived', 'lastNode', 'onReceived', 'onReceived']);
	});
});
