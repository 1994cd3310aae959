/**
 * Runs last (jest runs e2e files alphabetically, one at a time): scans everything the whole e2e
 * run produced (every execution n8n stored, of every workflow; the n8n log; the sandbox's request,
 * acceptance and delivery records) for every secret of the credentials imported into n8n (Avaya
 * client and webhook secrets, Genesys app secret and API key, ...) and for sandbox-issued tokens.
 */
import { e2e } from '../harness/context';
import { scanForSecrets } from './faults-secret-scan';

describe('secrets (the whole e2e run)', () => {
	it('appear nowhere in the stored executions, the n8n log or the sandbox records', async () => {
		const findings = await scanForSecrets();
		console.log(
			`secret scan: ${findings.secrets} secrets over ${findings.scanned} sources (${findings.executions} executions of ${findings.workflows} workflows), ${findings.bytes} bytes, ${findings.hits.length} hits`,
		);
		expect(findings.secrets).toBeGreaterThanOrEqual(e2e().secrets.length);
		expect(findings.executions).toBeGreaterThan(0);
		expect(findings.hits).toEqual([]);
	}, 120_000);
});
