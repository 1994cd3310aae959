import { mergePatch, nonNegative, positiveInteger, type ConfigSection, type DeepPartial } from './configTools';
import { ALVARIA_CONFIG, type AlvariaConfig } from './vendors/alvariaConfig';
import { AVAYA_CONFIG, type AvayaConfig } from './vendors/avayaConfig';
import { CCAI_CONFIG, type CcaiConfig } from './vendors/ccaiConfig';
import { GENESYS_CONFIG, type GenesysConfig } from './vendors/genesysConfig';
import { LLM_CONFIG, type LlmConfig } from './vendors/llmConfig';
import { SMS_CONFIG, type SmsProviderConfig } from './vendors/smsConfig';
import { WEBEX_CONFIG, type WebexConfig } from './vendors/webexConfig';

export const SANDBOX_DEFAULT_PORT = 4100;
export const SANDBOX_HOST = '127.0.0.1';

/** The whole sandbox config: two settings of its own, then one section per vendor (`vendors/<vendor>Config.ts`). */
export interface SandboxConfig {
	/** Added before every vendor answer (not admin). */
	latencyMs: number;
	/** Per list in the recorder. */
	maxRecords: number;
	avaya: AvayaConfig;
	genesys: GenesysConfig;
	alvaria: AlvariaConfig;
	ccai: CcaiConfig;
	sms: SmsProviderConfig;
	webex: WebexConfig;
	/** The scripted chat model of the AI-agent example (not a contact-center vendor). */
	llm: LlmConfig;
}

type VendorKey = Exclude<keyof SandboxConfig, 'latencyMs' | 'maxRecords'>;

const SECTIONS: { [K in VendorKey]: ConfigSection<SandboxConfig[K]> } = {
	avaya: AVAYA_CONFIG,
	genesys: GENESYS_CONFIG,
	alvaria: ALVARIA_CONFIG,
	ccai: CCAI_CONFIG,
	sms: SMS_CONFIG,
	webex: WEBEX_CONFIG,
	llm: LLM_CONFIG,
};
const VENDOR_KEYS = Object.keys(SECTIONS) as VendorKey[];

export function defaultConfig(): SandboxConfig {
	return {
		latencyMs: 0,
		maxRecords: 100_000,
		avaya: SECTIONS.avaya.defaults(),
		genesys: SECTIONS.genesys.defaults(),
		alvaria: SECTIONS.alvaria.defaults(),
		ccai: SECTIONS.ccai.defaults(),
		sms: SECTIONS.sms.defaults(),
		webex: SECTIONS.webex.defaults(),
		llm: SECTIONS.llm.defaults(),
	};
}

export const DEFAULT_CONFIG: Readonly<SandboxConfig> = Object.freeze(defaultConfig());

export type ConfigPatch = DeepPartial<SandboxConfig>;

export class ConfigError extends Error {}

function completeSection<K extends VendorKey>(key: K, merged: SandboxConfig, patch: ConfigPatch | undefined): void {
	merged[key] = SECTIONS[key].complete(merged[key], patch?.[key] as DeepPartial<SandboxConfig[K]> | undefined);
}

function sectionProblem<K extends VendorKey>(key: K, config: SandboxConfig): string | undefined {
	return SECTIONS[key].problem(config[key]);
}

/**
 * Applies a patch to a config (JSON merge patch; a list of tenants or orgs replaces the old one, each
 * entry completed from the vendor's defaults, so `{avaya:{tenants:[{webhookUrl}]}}` is enough to set
 * a URL). Throws ConfigError when the result is invalid.
 */
export function applyConfigPatch(current: SandboxConfig, patch: ConfigPatch | undefined): SandboxConfig {
	const merged = mergePatch(current, patch ?? {}) as SandboxConfig;
	for (const key of VENDOR_KEYS) completeSection(key, merged, patch);
	const problem = configProblem(merged);
	if (problem) throw new ConfigError(problem);
	return merged;
}

function configProblem(config: SandboxConfig): string | undefined {
	if (!nonNegative(config.latencyMs)) return 'latencyMs must be ≥ 0';
	if (!positiveInteger(config.maxRecords)) return 'maxRecords must be an integer ≥ 1';
	for (const key of VENDOR_KEYS) {
		const problem = sectionProblem(key, config);
		if (problem) return problem;
	}
	return undefined;
}
