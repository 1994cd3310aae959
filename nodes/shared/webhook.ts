/**
 * The one trigger pipeline: raw body → verify → parse → classify → replay claim → emit. A vendor's
 * trigger supplies its signature scheme and secrets, and its classify-and-map step; everything else
 * (status codes, the security policy, the credential cache, redelivery handling, the "answer when
 * finished" mode) is the same for every trigger.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeParameters,
	INodeProperties,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readCredentials, readFreshCredentials } from './credentialCache';
import type { CredentialFields, CredentialReader, CredentialValues } from './credentials';
import { replayMemoryFor, type ClaimResult, type FreshClaim, type ReplayMemory } from './replayGuard';
import { signedMessage, verify, type SignatureScheme } from './signature';

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

/** One event that starts a run unless it was already accepted: its vendor id and its output item. */
export interface TriggerEvent {
	id: string;
	json: IDataObject;
}

export type Classification =
	/** Answered without a replay claim (control or ignored events); `run` items still start a run. */
	| { kind: 'answer'; answer: IDataObject; run?: IDataObject[] }
	| { kind: 'reject'; status: number; message: string }
	/** Events to run once each; a redelivery of all of them gets `duplicateAnswer` (default: `answer`). */
	| { kind: 'events'; events: TriggerEvent[]; answer: IDataObject; duplicateAnswer?: IDataObject };

export interface TriggerSignature<F extends CredentialFields> {
	scheme: (context: IWebhookFunctions) => SignatureScheme;
	/**
	 * `required`: the vendor always signs, so an unset secret refuses every request.
	 * `optional`: the vendor signs only when a secret is configured; an unset secret lets events
	 * through (the node shows a warning notice saying so).
	 */
	policy: 'required' | 'optional';
	/** The secrets a signature may be made with: the current one, and the previous one while rotating. */
	secrets: (values: CredentialValues<F>) => string[];
	/** Other byte forms of the body the vendor may have signed, tried only when the raw bytes do not match. */
	alternates?: (raw: Buffer) => () => Buffer[];
	/** The header as the vendor's document spells it, for error answers (default: the scheme's). */
	headerLabel?: string;
}

export interface TriggerSpec<F extends CredentialFields> {
	vendor: string;
	credentialType: string;
	credentialFields: CredentialReader<F>;
	signature: TriggerSignature<F>;
	/** What the request is: control, ignored, bad, or events to run (mapped to output items). */
	classify: (context: IWebhookFunctions, body: IDataObject) => Classification;
}

/** The JSON body: n8n's parse when it made one from a JSON content type, else the raw bytes parsed. */
function bodyOf(req: Request, raw: Buffer): IDataObject | undefined {
	const parsed: unknown = req.body;
	const json = /json/i.test(String(req.headers['content-type'] ?? ''));
	if (json && parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !Buffer.isBuffer(parsed)) return parsed as IDataObject;
	return parseJsonBody(raw);
}

async function checkSignature<F extends CredentialFields>(
	context: IWebhookFunctions,
	spec: TriggerSpec<F>,
	req: Request,
	raw: Buffer,
): Promise<'valid' | 'unsigned' | 'not-configured' | 'missing' | 'invalid'> {
	const { signature } = spec;
	const scheme = signature.scheme(context);
	const message = signedMessage(scheme, req.headers, raw);
	const alternates = scheme.timestampHeader ? undefined : signature.alternates?.(raw);
	const secretsOf = (data: Parameters<CredentialReader<F>['read']>[0]) => signature.secrets(spec.credentialFields.read(data));
	const check = (secrets: string[]) => verify(scheme, secrets, req.headers[scheme.header.toLowerCase()], message, alternates);

	const { data, cached } = await readCredentials(context, spec.credentialType);
	let secrets = secretsOf(data);
	let verdict = secrets.length ? check(secrets) : undefined;
	// A cached secret may have been rotated (or a required one just set): read the credential again
	// before refusing. Unsigned events of a trigger whose secret is optional and unset pass as they are.
	const wouldRefuse = verdict === 'invalid' || (verdict === undefined && signature.policy === 'required');
	if (cached && wouldRefuse) {
		const fresh = secretsOf((await readFreshCredentials(context, spec.credentialType)).data);
		if (fresh.join('\n') !== secrets.join('\n')) {
			secrets = fresh;
			verdict = secrets.length ? check(secrets) : undefined;
		}
	}
	if (verdict) return verdict;
	return signature.policy === 'required' ? 'not-configured' : 'unsigned';
}

/**
 * Marks the claims as handed to n8n, right before the trigger returns the events: from then on
 * another process that finds this one dead treats them as n8n's (see redisReplayMemory.ts). False
 * when a claim is no longer this delivery's. An unreachable memory leaves them pending and the run
 * goes ahead: the webhook does not fail for it.
 */
async function markHanded(context: IWebhookFunctions, vendor: string, memory: ReplayMemory, claim: FreshClaim): Promise<boolean> {
	try {
		if (await memory.markHanded(claim)) return true;
		context.logger.warn(`${vendor} Trigger: this delivery's claims are no longer its own (another webhook process took them over, or its connection closed); no run, answering 503`);
		return false;
	} catch {
		context.logger.warn(`${vendor} Trigger: the replay memory could not mark the events as handed to n8n; their claims stay pending`);
		return true;
	}
}

/** Runs the pipeline for one webhook request. */
export async function runTrigger<F extends CredentialFields>(context: IWebhookFunctions, spec: TriggerSpec<F>): Promise<IWebhookResponseData> {
	const req = context.getRequestObject();
	const res = context.getResponseObject();
	const raw = await rawBodyOf(req);
	if (!raw) return reject(res, 415, 'The body must be JSON (application/json)');

	const verdict = await checkSignature(context, spec, req, raw);
	if (verdict === 'not-configured') {
		context.logger.warn(`${spec.vendor} Trigger: the credential has no webhook secret; every request is refused`);
		return reject(res, 401, 'The webhook secret is not configured');
	}
	const header = spec.signature.headerLabel ?? spec.signature.scheme(context).header;
	if (verdict === 'missing') return reject(res, 401, `Missing ${header} header`);
	if (verdict === 'invalid') return reject(res, 401, 'Invalid signature');

	const body = bodyOf(req, raw);
	if (!body) return reject(res, 400, 'The body is not a JSON object');
	const classified = spec.classify(context, body);
	if (classified.kind === 'reject') return reject(res, classified.status, classified.message);
	const options = context.getNodeParameter('options', {}) as { answerWhenFinished?: boolean };
	if (classified.kind === 'answer') {
		if (!classified.run?.length) return { webhookResponse: classified.answer };
		if (options.answerWhenFinished) answerSuccessWith(res, classified.answer);
		return { workflowData: [classified.run.map((json) => ({ json }))], webhookResponse: classified.answer };
	}

	const ids = classified.events.map((event) => event.id);
	let memory: ReplayMemory;
	let claim: ClaimResult;
	try {
		memory = await replayMemoryFor(`${context.getWorkflow().id}:${context.getNode().id}`);
		claim = await memory.claim(ids, res);
	} catch {
		// The shared replay memory (Redis, queue mode) cannot be reached: without it a redelivery could
		// run twice, so the vendor is asked to retry instead.
		context.logger.warn(`${spec.vendor} Trigger: the replay memory cannot be reached; answering 503 so the vendor retries`);
		return retryLater(res, 'The event cannot be checked against earlier deliveries right now; retry later');
	}
	// The first delivery is still being handed to n8n: every vendor here redelivers on 5xx.
	if (claim.busy) return retryLater(res, 'This event is being processed; retry later');
	// A redelivery of events already accepted: the same answer, no second run.
	if (claim.fresh.length === 0) return { webhookResponse: classified.duplicateAnswer ?? classified.answer };
	const fresh = new Set(claim.fresh);
	if (!(await markHanded(context, spec.vendor, memory, claim))) {
		// Another webhook process took the events over (this one stood still too long) and runs them,
		// or the vendor hung up and the claims were released for its redelivery.
		return retryLater(res, 'This event is being processed; retry later');
	}
	if (options.answerWhenFinished) answerSuccessWith(res, classified.answer);
	return {
		workflowData: [classified.events.filter((event) => fresh.has(event.id)).map((event) => ({ json: event.json }))],
		webhookResponse: classified.answer,
	};
}

const ANSWER_WHEN_FINISHED = '$parameter["options"]["answerWhenFinished"] === true';

/**
 * How n8n (2.41 on) finds, beside a webhook description, functions that compute a field from the
 * node's parameters: when the field still holds the template the function stands for and the
 * node's parameters hold no expression, n8n calls the function instead of evaluating the template
 * in its expression engine (a V8 isolate, on every request). Older n8n ignores the key and
 * evaluates the templates, which give the same values.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

interface ResolvedField {
	template: string;
	resolve: (parameters: INodeParameters) => unknown;
}

/** The value of the template ANSWER_WHEN_FINISHED for the node's own (static) parameters. */
function answersWhenFinished(parameters: INodeParameters): boolean {
	const options = parameters.options as IDataObject | undefined;
	return options?.answerWhenFinished === true;
}

const RESPONSE_FIELDS: Record<'responseMode' | 'responseData', ResolvedField> = {
	responseMode: {
		template: `={{${ANSWER_WHEN_FINISHED} ? "lastNode" : "onReceived"}}`,
		resolve: (parameters) => (answersWhenFinished(parameters) ? 'lastNode' : 'onReceived'),
	},
	responseData: {
		template: `={{${ANSWER_WHEN_FINISHED} ? "noData" : ""}}`,
		resolve: (parameters) => (answersWhenFinished(parameters) ? 'noData' : ''),
	},
};

/**
 * The trigger's POST webhook. By default n8n answers once it has created the execution, with the
 * pipeline's webhookResponse (sent only when responseData is ''). With "Answer When Workflow
 * Finished", n8n answers when the run has finished (500 if it failed, so the vendor redelivers);
 * answerSuccessWith() puts the vendor's expected body in the successful answer.
 */
export function triggerWebhook(): IWebhookDescription {
	const description = {
		name: 'default',
		httpMethod: 'POST',
		responseMode: RESPONSE_FIELDS.responseMode.template,
		responseData: RESPONSE_FIELDS.responseData.template,
		path: 'webhook',
		[WEBHOOK_RESOLVERS]: RESPONSE_FIELDS,
	};
	return description as IWebhookDescription;
}

/**
 * The triggers' node versions: version 2 is version 1 unchanged, and new nodes get it. For a start
 * node of version 1 only, n8n evaluates a legacy option (`binaryData`, which these triggers do not
 * have) with its expression engine on every request; on n8n 2.41 that was the last expression a
 * trigger's request cost (README "Benchmarks"). The only other difference is n8n's: for version 2
 * it reads the body of a content type it does not parse (not JSON, form, text or XML) only when the
 * trigger asks for it, so a body that cannot be read is refused by the trigger (415) rather than by
 * n8n. Workflows saved with version 1 run as before.
 */
export const TRIGGER_VERSIONS: Pick<INodeTypeDescription, 'version' | 'defaultVersion'> = { version: [1, 2], defaultVersion: 2 };

/** The "Answer When Workflow Finished" option, with the vendor's deadline in its description. */
export function answerWhenFinishedOption(deadline: string): INodeProperties {
	return {
		displayName: 'Answer When Workflow Finished',
		name: 'answerWhenFinished',
		type: 'boolean',
		default: false,
		description: `Whether to answer only when the workflow has finished (a failed run answers 500, so the vendor sends the event again) instead of as soon as n8n has accepted the execution. Safer when n8n can crash mid-run. ${deadline}.`,
	};
}

/** The warning a trigger shows when its vendor signs only if a secret is set. */
export function unsignedEventsNotice(secretField: string): INodeProperties {
	return {
		displayName: `Without a ${secretField} in the credential, this trigger accepts unsigned events from anyone who knows its URL. Set the same secret here and at the vendor.`,
		name: 'unsignedNotice',
		type: 'notice',
		default: '',
	};
}
