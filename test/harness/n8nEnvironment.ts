/** A fixed key, so a user folder written by one run can be read by the next (recipe gotcha 16). */
export const ENCRYPTION_KEY = 'e2e-example-key-0123456789abcdef';

export interface N8nEnvironmentOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	/** Extra variables for n8n (e.g. SANDBOX_URL for `{{$env.SANDBOX_URL}}` in workflows). */
	extra?: Record<string, string>;
}

/**
 * The environment of one n8n process (recipe section 3). Inherited N8N_* / DB_* variables are
 * dropped so the host's settings cannot leak into a test, and NODE_ENV is dropped because jest
 * sets it to `test`, which changes n8n's behaviour.
 */
export function n8nEnvironment({ userFolder, port, brokerPort, extra = {} }: N8nEnvironmentOptions): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => !/^(N8N_|DB_|WEBHOOK_URL$|NODE_ENV$|GENERIC_TIMEZONE$|EXECUTIONS_)/.test(name),
		),
	);
	return {
		...inherited,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}
