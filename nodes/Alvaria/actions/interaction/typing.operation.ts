import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { AlvariaCredentials } from '../../api';
import { EXPIRES_AFTER_SECONDS, TYPING_STATE } from '../../contract';
import { sendToInteraction, targetOf, targetProperties, type AlvariaUnit } from './target';

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Expires After (Seconds)',
		name: 'expiresAfterSeconds',
		type: 'number',
		typeOptions: { minValue: EXPIRES_AFTER_SECONDS.min, maxValue: EXPIRES_AFTER_SECONDS.max },
		default: 10,
		description: `How long the customer sees "typing…" (${EXPIRES_AFTER_SECONDS.min}-${EXPIRES_AFTER_SECONDS.max}). Send it again before it runs out to keep it showing.`,
	},
];

export const typing: Operation<AlvariaCredentials, AlvariaUnit> = {
	value: 'typing',
	name: 'Send Typing Notification',
	action: "Send a typing notification to an interaction's customer",
	description: 'Show the customer that the agent is typing ("composing")',
	properties,
	prepare: ({ parameters }, itemIndex) => {
		const { target, ...rest } = targetOf(parameters, itemIndex);
		const seconds = Number(parameters.get('expiresAfterSeconds', itemIndex, 10));
		if (!Number.isInteger(seconds) || seconds < EXPIRES_AFTER_SECONDS.min || seconds > EXPIRES_AFTER_SECONDS.max) {
			throw new InputError(
				'Expires After (Seconds)',
				`"Expires After (Seconds)" must be a whole number from ${EXPIRES_AFTER_SECONDS.min} to ${EXPIRES_AFTER_SECONDS.max} (got ${String(seconds)})`,
			);
		}
		return { ...rest, path: 'notification', body: { ...target, state: TYPING_STATE, expiresAfterSeconds: seconds } };
	},
	sending: sendToInteraction,
	vendorId: (output) => (typeof output.interactionId === 'string' ? output.interactionId : undefined),
};
