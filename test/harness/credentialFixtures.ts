import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import type { CredentialFixture } from './fixtures';

/** How workflows (tests and templates) refer to the Avaya credential: `{ id, name }`. */
export const AVAYA_CREDENTIAL_REF = { id: 'avayaSandboxCred', name: 'Avaya Infinity (sandbox)' } as const;

/** The sandbox's Avaya mount, which the credential's `baseUrl` points at. */
export function avayaBaseUrl(sandboxUrl: string): string {
	return `${sandboxUrl.replace(/\/$/, '')}/avaya`;
}

/** How workflows (tests and templates) refer to the Genesys credential. */
export const GENESYS_CREDENTIAL_REF = { id: 'genesysSandboxCred', name: 'Genesys Multicloud CX (sandbox)' } as const;

/** The sandbox's Genesys API base (with /nexus/v3), which the credential's `baseUrl` points at. */
export function genesysBaseUrl(sandboxUrl: string): string {
	return `${sandboxUrl.replace(/\/$/, '')}/genesys/nexus/v3`;
}

/** How workflows (tests and templates) refer to the Alvaria and CCAI Platform credentials. */
export const ALVARIA_CREDENTIAL_REF = { id: 'alvariaSandboxCred', name: 'Alvaria (sandbox)' } as const;
export const CCAI_CREDENTIAL_REF = { id: 'ccaiSandboxCred', name: 'Google CCAI Platform (sandbox)' } as const;

/** How workflows (tests and templates) refer to the Webex Connect credential. */
export const WEBEX_CREDENTIAL_REF = { id: 'webexSandboxCred', name: 'Webex Connect (sandbox)' } as const;

/** The Genesys API key of the e2e test bed (the sandbox's default tenant has none, so x-api-key would go unchecked). */
export const E2E_GENESYS_API_KEY = 'e2e-genesys-api-key-example';

/**
 * Credentials pointing at the sandbox, with the sandbox's default tenant (sandbox/config.ts);
 * `genesysApiKey` when the sandbox's Genesys tenant was given one.
 */
export function sandboxCredentials(sandboxUrl: string, options: { genesysApiKey?: string } = {}): CredentialFixture[] {
	return [
		{
			...AVAYA_CREDENTIAL_REF,
			type: 'avayaInfinityApi',
			data: {
				baseUrl: avayaBaseUrl(sandboxUrl),
				clientId: DEFAULT_AVAYA_TENANT.clientId,
				clientSecret: DEFAULT_AVAYA_TENANT.clientSecret,
				connectorId: DEFAULT_AVAYA_TENANT.connectorId,
				accountId: DEFAULT_AVAYA_TENANT.accountId,
				webhookSecret: DEFAULT_AVAYA_TENANT.webhookSecret,
			},
		},
		{
			...GENESYS_CREDENTIAL_REF,
			type: 'genesysMulticloudApi',
			data: {
				baseUrl: genesysBaseUrl(sandboxUrl),
				channelId: DEFAULT_GENESYS_TENANT.channelId,
				appSecret: DEFAULT_GENESYS_TENANT.appSecret,
				ccid: DEFAULT_GENESYS_TENANT.ccid,
				apiKey: options.genesysApiKey ?? DEFAULT_GENESYS_TENANT.apiKey,
				messagesPath: '/channels/{channelId}/messages',
			},
		},
		{
			...ALVARIA_CREDENTIAL_REF,
			type: 'alvariaApi',
			data: {
				authHost: 'custom',
				customAuthUrl: `${sandboxUrl.replace(/\/$/, '')}/alvaria`,
				apiDomain: 'custom',
				customApiUrl: `${sandboxUrl.replace(/\/$/, '')}/alvaria`,
				orgId: DEFAULT_ALVARIA_ORG.orgId,
				clientId: DEFAULT_ALVARIA_ORG.clientId,
				clientSecret: DEFAULT_ALVARIA_ORG.clientSecret,
				apiKey: DEFAULT_ALVARIA_ORG.apiKey,
				scope: 'messagingapi',
			},
		},
		{
			...CCAI_CREDENTIAL_REF,
			type: 'ccaiPlatformApi',
			data: {
				subdomain: DEFAULT_CCAI_TENANT.subdomain,
				baseUrl: `${sandboxUrl.replace(/\/$/, '')}/ccai`,
				apiToken: DEFAULT_CCAI_TENANT.apiToken,
				requestsPerSecond: 10,
			},
		},
		{
			...WEBEX_CREDENTIAL_REF,
			type: 'webexConnectApi',
			data: {
				baseUrl: 'custom',
				customBaseUrl: `${sandboxUrl.replace(/\/$/, '')}/webex`,
				authMode: 'serviceKey',
				apiKey: DEFAULT_WEBEX_SERVICE.serviceKey,
				serviceId: DEFAULT_WEBEX_SERVICE.serviceId,
				serviceSecret: DEFAULT_WEBEX_SERVICE.serviceSecret,
				hubSecret: DEFAULT_WEBEX_SERVICE.hubSecret,
			},
		},
	];
}
