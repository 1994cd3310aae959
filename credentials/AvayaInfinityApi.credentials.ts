import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AvayaInfinityApi implements ICredentialType {
	name = 'avayaInfinityApi';

	displayName = 'Avaya Infinity API';

	icon = { light: 'file:../icons/avayaInfinity.svg', dark: 'file:../icons/avayaInfinity.dark.svg' } as const;

	documentationUrl =
		'https://developers.avayacloud.com/avaya-infinity/docs/avaya-infinitytm-custom-messaging-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Hostname or Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'core.acme.ec.avayacloud.com',
			description:
				'Your Avaya Infinity API host (core.{customer-subdomain}.ec.avayacloud.com), or a full base URL such as the local sandbox\'s http://127.0.0.1:4100/avaya',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Admin Console → CX → Custom Connector → your connector → Connector Credentials',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Connector ID',
			name: 'connectorId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID shown against your connector in the Custom Connector list',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			description: 'Only needed for the account-scoped send path (/api/digital/messaging/v1/accounts/{accountId}/messages)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The connector\'s Secret Key. When set, the trigger rejects events without a valid x-avaya-event-signature with 401.',
		},
		{
			displayName: 'Previous Webhook Secret',
			name: 'previousWebhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While you rotate the Secret Key: the old one, still accepted until every event signed with it has arrived. Leave empty otherwise.',
		},
	];
}
