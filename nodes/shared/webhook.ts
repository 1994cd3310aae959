/** What every trigger does with a webhook request before it knows the vendor. */
import type { IDataObject, IHookFunctions, IWebhookResponseData } from 'n8n-workflow';

type Response = ReturnType<import('n8n-workflow').IWebhookFunctions['getResponseObject']>;

/** Answers the request itself and starts no run (a bad signature or body). */
export function reject(res: Response, status: number, message: string): IWebhookResponseData {
	res.status(status).json({ error: message });
	return { noWebhookResponse: true };
}

/** Answers 503 with Retry-After: the vendors redeliver on 5xx. Starts no run. */
export function retryLater(res: Response, message: string, seconds = 2): IWebhookResponseData {
	res.setHeader('retry-after', String(seconds));
	return reject(res, 503, message);
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

/**
 * For a webhook whose `responseMode` is `lastNode`: n8n answers after the run, with the last node's
 * data as the body (or nothing, with `responseData: 'noData'`). Some vendors need a fixed body
 * instead (Genesys: `{"messageId"}`), so a successful (2xx) JSON answer is replaced with `body`;
 * failures (n8n's 500 "Error in workflow") pass through unchanged, so the vendor redelivers.
 */
export function answerSuccessWith(res: Response, body: IDataObject): void {
	const json = res.json.bind(res);
	res.json = ((payload?: unknown) => json(res.statusCode >= 200 && res.statusCode < 300 ? body : payload)) as typeof res.json;
}

type Request = ReturnType<import('n8n-workflow').IWebhookFunctions['getRequestObject']>;

/**
 * The exact request bytes, which every signature is computed over; undefined when they can no
 * longer be had: n8n has already consumed a multipart body to parse its form fields.
 */
export async function rawBodyOf(req: Request): Promise<Buffer | undefined> {
	if (req.rawBody) return req.rawBody;
	if (String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')) return undefined;
	try {
		await req.readRawBody();
	} catch {
		return undefined;
	}
	return req.rawBody ?? Buffer.alloc(0);
}

/**
 * webhookMethods for a trigger whose URL the user gives the vendor by hand (pasted into a console,
 * or handed to a representative): there is nothing to register, check or remove.
 */
export const registeredByHand = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
