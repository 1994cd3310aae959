import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { RATE_LIMIT_PER_SECOND } from '../nodes/CcaiPlatform/contract';

export class CcaiPlatformApi implements ICredentialType {
	name = 'ccaiPlatformApi';

	displayName = 'Google CCAI Platform API';

	icon = { light: 'file:../icons/ccaiPlatform.svg', dark: 'file:../icons/ccaiPlatform.dark.svg' } as const;

	documentationUrl = 'https://cloud.google.com/contact-center/ccai-platform/docs/apps-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'customer',
			description: 'The first label of your portal address (customer in https://customer.uc1.ccaiplatform.com); also the Basic user name',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'uc1.ccaiplatform.com',
			description: 'The rest of your portal address. The API is called at https://{subdomain}.{domain}/apps/api/v1.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4100/ccai/apps/api/v1',
			description: 'Optional: a full API base URL instead of subdomain and domain (e.g. the local sandbox\'s)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Settings → Developer Settings → API Credentials (shown once when created); the Basic password',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: RATE_LIMIT_PER_SECOND,
			description: 'Google publishes 10 requests per second per customer; the node paces every execution of this n8n process to it',
		},
	];
}
