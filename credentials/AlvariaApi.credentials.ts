import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { API_DOMAINS, DEFAULT_SCOPE, TOKEN_HOSTS } from '../nodes/Alvaria/contract';

export class AlvariaApi implements ICredentialType {
	name = 'alvariaApi';

	displayName = 'Alvaria API';

	icon = { light: 'file:../icons/alvaria.svg', dark: 'file:../icons/alvaria.dark.svg' } as const;

	documentationUrl = 'https://via-api-documentation.s3.amazonaws.com/ViaAuthDeprecatedExternalSwagger.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Authorization Host',
			name: 'authHost',
			type: 'options',
			default: TOKEN_HOSTS[0].host,
			description: 'Where Alvaria issues access tokens for your region (/tokenservice/oauth2/access_token)',
			options: [
				...TOKEN_HOSTS.map(({ name, host }) => ({ name: `${name} (${host})`, value: host })),
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Custom Authorization Host or URL',
			name: 'customAuthUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4100/alvaria',
			description: 'A token host not in the list, or a full base URL such as the local sandbox\'s',
			displayOptions: { show: { authHost: ['custom'] } },
		},
		{
			displayName: 'API Domain',
			name: 'apiDomain',
			type: 'options',
			default: API_DOMAINS[0].domain,
			description: 'The Messaging API is called at https://{Organization ID}.{API Domain}',
			options: [
				...API_DOMAINS.map(({ name, domain }) => ({ name: `${name} (${domain})`, value: domain })),
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Custom API Base URL',
			name: 'customApiUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4100/alvaria',
			description: 'The full base URL of the Messaging API, such as the local sandbox\'s',
			displayOptions: { show: { apiDomain: ['custom'] } },
		},
		{
			displayName: 'Organization ID',
			name: 'orgId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Alvaria organization (the token request\'s realm, and part of every API path)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
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
			displayName: 'API Key (x-api-key)',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Alvaria-provided key sent as x-api-key on every call',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_SCOPE,
			description: 'Space-separated OAuth2 scopes; the Messaging API needs messagingapi',
		},
	];
}
