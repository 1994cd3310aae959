/** What every trigger does with a webhook request before it knows the vendor. */
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

type Response = ReturnType<import('n8n-workflow').IWebhookFunctions['getResponseObject']>;

/** Answers the request itself and starts no run (a bad signature or body). */
export function reject(res: Response, status: number, message: string): IWebhookResponseData {
	res.status(status).json({ error: message });
	return { noWebhookResponse: true };
}

/** The raw body as a JSON object, or undefined when it is empty, not JSON, or not an object. */
export function parseJsonBody(raw: Buffer): IDataObject | undefined {
	if (raw.length === 0) return undefined;
	try {
		const parsed: unknown = JSON.parse(raw.toString('utf8'));
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
