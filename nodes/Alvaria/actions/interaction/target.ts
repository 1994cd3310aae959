/** What every Alvaria operation shares: the interaction it acts on, who acts, the streaming session, and the call. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { OperationRun, SendEach } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import { callVendor } from '../../../shared/vendorHttp';
import type { AlvariaCredentials } from '../../api';
import { ENTITY_TYPES, HEADERS, messagingPath, type EntityType, type InteractionTarget, type Operation as AlvariaPath } from '../../contract';

export const targetProperties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		description: 'Alvaria\'s ID of the user instance sending (GET /via/v2/organizations/{orgId}/provisioning/users lists them)',
	},
	{
		displayName: 'Interaction ID',
		name: 'interactionId',
		type: 'string',
		default: '',
		required: true,
		description: 'The chat or SMS interaction, as the agent application\'s streaming session reported it',
	},
	{
		displayName: 'Streaming Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The via-client-sessionid of the live streaming session. The agent application keeps that session alive by polling it; n8n does not create one.',
	},
	{
		displayName: 'Entity Name',
		name: 'entityName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'contactCenterAgent',
		description: 'Who is sending, as the customer sees it',
	},
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		default: 'Agent',
		options: ENTITY_TYPES.map((type) => ({ name: type, value: type })),
	},
];

function requiredText(parameters: ItemParameters, itemIndex: number, name: string, label: string): string {
	const value = parameters.get<unknown>(name, itemIndex, '');
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InputError(label, `"${label}" is empty: Alvaria needs it`);
	return text;
}

/** One item's call: the path, the session header and the JSON body. */
export interface AlvariaUnit {
	path: AlvariaPath;
	userId: string;
	sessionId: string;
	body: InteractionTarget & IDataObject;
}

export function targetOf(parameters: ItemParameters, itemIndex: number): Omit<AlvariaUnit, 'path' | 'body'> & { target: InteractionTarget } {
	const entityType = parameters.get<string>('entityType', itemIndex, 'Agent');
	if (!(ENTITY_TYPES as readonly string[]).includes(entityType)) {
		throw new InputError('Entity Type', `"Entity Type" must be one of ${ENTITY_TYPES.join(', ')} (got "${entityType}")`);
	}
	return {
		userId: requiredText(parameters, itemIndex, 'userId', 'User ID'),
		sessionId: requiredText(parameters, itemIndex, 'sessionId', 'Streaming Session ID'),
		target: {
			interactionId: requiredText(parameters, itemIndex, 'interactionId', 'Interaction ID'),
			entityName: requiredText(parameters, itemIndex, 'entityName', 'Entity Name'),
			entityType: entityType as EntityType,
		},
	};
}

/**
 * Each item in its own call, one after another: messages into one interaction must reach the
 * customer in the order of the items. 202 with no body is success, so the output is what was sent.
 */
export const sendToInteraction: SendEach<AlvariaCredentials, AlvariaUnit> = {
	kind: 'each',
	concurrency: () => 1,
	send: async (run: OperationRun<AlvariaCredentials>, unit) => {
		const { credentials } = run;
		const response = await callVendor(credentials.api, {
			method: 'POST',
			url: `${credentials.apiUrl}${messagingPath(credentials.orgId, unit.userId, unit.path)}`,
			headers: { [HEADERS.sessionId]: unit.sessionId },
			json: unit.body,
		});
		return { operation: unit.path, userId: unit.userId, ...unit.body, status: response.status, accepted: true };
	},
};
