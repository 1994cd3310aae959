import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { JWT, LEGACY_BASE_URLS, REGIONS, REGION_NAMES, regionBaseUrl } from '../nodes/WebexConnect/contract';

export class WebexConnectApi implements ICredentialType {
	name = 'webexConnectApi';

	displayName = 'Webex Connect API';

	icon = { light: 'file:../icons/webexConnect.svg', dark: 'file:../icons/webexConnect.dark.svg' } as const;

	documentationUrl = 'https://developers.webexconnect.io/reference/api-authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'options',
			default: regionBaseUrl('us'),
			description: 'Your tenant\'s region (tenantname.{region}.webexconnect.io), a legacy imiconnect host, or Custom',
			options: [
				...REGIONS.map((region) => ({ name: `${REGION_NAMES[region]} (${regionBaseUrl(region)})`, value: regionBaseUrl(region) })),
				...LEGACY_BASE_URLS.map((url) => ({ name: `Legacy: ${url}`, value: url })),
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Custom API Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4100/webex',
			description: 'A full base URL, such as the local sandbox\'s',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			default: 'serviceKey',
			description: 'What the service\'s API settings in Webex Connect accept',
			options: [
				{ name: 'Service Key (Header "key")', value: 'serviceKey' },
				{ name: 'JWT (HS256 with the Service Secret)', value: 'jwt' },
			],
		},
		{
			displayName: 'Service Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['serviceKey'] } },
		},
		{
			displayName: 'Service ID',
			name: 'serviceId',
			type: 'string',
			default: '',
			description: 'The JWT\'s issuer (iss)',
			displayOptions: { show: { authMode: ['jwt'] } },
		},
		{
			displayName: 'Service Secret',
			name: 'serviceSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The Base64 service secret, exactly as Webex Connect shows it; it is decoded before signing',
			displayOptions: { show: { authMode: ['jwt'] } },
		},
		{
			displayName: 'JWT Lifetime (Seconds)',
			name: 'jwtLifetimeSeconds',
			type: 'number',
			default: JWT.lifetimeSeconds,
			description: 'How long one JWT is reused before a new one is signed (Webex\'s accepted age is not documented for sure)',
			displayOptions: { show: { authMode: ['jwt'] } },
		},
		{
			displayName: 'Hub Secret',
			name: 'hubSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional: the hub secret of your notify URL. When set, the trigger refuses notifications without a valid x-hub-signature.',
		},
		{
			displayName: 'Previous Hub Secret',
			name: 'previousHubSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'While you rotate the hub secret: the old one, still accepted. Leave empty otherwise.',
		},
	];
}
