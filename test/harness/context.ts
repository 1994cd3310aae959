import { request } from 'undici';

import { SIGNATURE, type HealthCheckEvent, type MessagesEvent, type SenderType } from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import { SandboxClient } from '../../sandbox/client';
import { buildHealthCheckEvent, buildMessagesEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';
import { readContextFile, type E2EContextFile } from './e2eContextFile';
import { readExecutions, waitForExecutions, type StoredExecution } from './executions';

export { nodeError, nodeOutput, type StoredExecution } from './executions';

let cached: E2EContextFile | undefined;

/** The running test bed (n8n + sandbox) that globalSetup started. */
export function e2e(): E2EContextFile {
	cached ??= readContextFile();
	return cached;
}

export function sandbox(): SandboxClient {
	return new SandboxClient(e2e().sandboxUrl);
}

/** Production URL of a node webhook: `/webhook/<webhookId>/<path>` (e.g. the Avaya trigger). */
export function webhookUrl(webhookId: string, path = 'webhook'): string {
	return `${e2e().n8nUrl}/webhook/${webhookId}/${path}`;
}

/** Production URL of an n8n Webhook node with the given path: `/webhook/<path>`. */
export function productionUrl(path: string): string {
	return `${e2e().n8nUrl}/webhook/${path}`;
}

export function executions(workflowId: string, options?: { finishedOnly?: boolean }): Promise<StoredExecution[]> {
	return readExecutions(e2e().userFolder, workflowId, options);
}

export function executionsFinished(workflowId: string, count: number, timeoutMs?: number): Promise<StoredExecution[]> {
	return waitForExecutions(e2e().userFolder, workflowId, count, timeoutMs);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The number of executions (any status) after waiting `settleMs`: for asserting that a request
 * started none (n8n answers before a run is stored, so "none yet" needs a moment).
 */
export async function executionCountAfter(workflowId: string, settleMs = 1500): Promise<number> {
	await sleep(settleMs);
	return (await readExecutions(e2e().userFolder, workflowId)).length;
}

export interface HttpResult {
	status: number;
	text: string;
	json: unknown;
}

/** POSTs bytes exactly as given (no re-serialisation), with the given headers; `signal` hangs up. */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<HttpResult> {
	const response = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		signal,
	});
	const text = await response.body.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, text, json };
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
	return postRaw(url, JSON.stringify(value), headers);
}

export interface SignedPostOptions {
	/** Sign with this secret instead of the connector's (a forged signature). */
	secret?: string;
	/** Send no signature header. */
	unsigned?: boolean;
	/** Send this header value as is. */
	signature?: string;
	/** Pretty-print the JSON (signed over the pretty bytes). */
	pretty?: boolean;
	/** Hang up when it aborts (a vendor's timeout). */
	signal?: AbortSignal;
}

/** POSTs an Avaya event to a trigger URL as Avaya does: JSON bytes + `x-avaya-event-signature`. */
export function postAvayaEvent(url: string, event: unknown, options: SignedPostOptions = {}): Promise<HttpResult> {
	const body = typeof event === 'string' ? event : options.pretty ? JSON.stringify(event, null, 2) : JSON.stringify(event);
	const headers: Record<string, string> = {};
	if (options.signature !== undefined) headers[SIGNATURE.header] = options.signature;
	else if (!options.unsigned) headers[SIGNATURE.header] = sign(SIGNATURE, options.secret ?? e2e().avaya.webhookSecret, body);
	return postRaw(url, body, headers, options.signal);
}

export function avayaHealthCheck(overrides: Partial<HealthCheckEvent> = {}): HealthCheckEvent {
	return { ...buildHealthCheckEvent(e2e().avaya), ...overrides };
}

/** A `messages` event (the sandbox's builder); an agent/bot message goes business number → end user, a customer one the reverse. */
export function avayaMessage(
	senderType: SenderType,
	text: string,
	{ endUser = '+14155550123', ...overrides }: Partial<MessagesEvent> & { endUser?: string } = {},
): MessagesEvent {
	const avaya = e2e().avaya;
	return { ...buildMessagesEvent(avaya, { senderType, text, ...messageRoute(senderType, endUser, avaya.registeredNumber) }), ...overrides };
}
