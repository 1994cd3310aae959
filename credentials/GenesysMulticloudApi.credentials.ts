import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class GenesysMulticloudApi implements ICredentialType {
	name = 'genesysMulticloudApi';

	displayName = 'Genesys Multicloud CX API';

	icon = { light: 'file:../icons/genesysMulticloud.svg', dark: 'file:../icons/genesysMulticloud.dark.svg' } as const;

	documentationUrl = 'https://all.docs.genesys.com/PEC-Developer/Current/WebAPIs/Third-Party_Messaging_API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api-demo.com/nexus/v3',
			description:
				'Your tenant\'s Engage Cloud API base URL including /nexus/v3 (from your Genesys representative), or the local sandbox\'s http://127.0.0.1:4100/genesys/nexus/v3',
		},
		{
			displayName: 'Channel ID',
			name: 'channelId',
			type: 'string',
			default: '',
			required: true,
			description: 'The third-party messaging channel Genesys configured for you (channel.id in the webhook)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The channel\'s app secret. It signs what Genesys sends the trigger and what the node sends Genesys (X-Hub-Signature, HMAC-SHA1).',
		},
		{
			displayName: 'Previous App Secret',
			name: 'previousAppSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While Genesys rotates the app secret: the old one, still accepted on incoming webhooks until every message signed with it has arrived. Leave empty otherwise.',
		},
		{
			displayName: 'Contact Center ID (X-Ccid)',
			name: 'ccid',
			type: 'string',
			default: '',
			required: true,
			placeholder: '0ff723ff-6c6f-44e0-9ce3-ce579337eadd',
			description: 'Sent as the x-ccid header on every request',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Sent as x-api-key when set (it appears in Genesys\'s examples; whether your tenant needs it is not documented).',
		},
		{
			displayName: 'Messages Path',
			name: 'messagesPath',
			type: 'string',
			default: '/channels/{channelId}/messages',
			description:
				'Path of the Message and Receipt API below the base URL; {channelId} is replaced. Inferred from the vendor document: change it if your tenant differs.',
		},
	];
}
