import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SandboxConfig } from '../config';
import { AdminInputError, isPlainObject, jsonReply, notFound, parseJson, readRaw, writeReply, type Reply } from '../http';
import type { Recorder } from '../recorder';
import { inboundWebhookFor } from '../vendors/sms';
import type { VendorMount } from '../vendors/types';
import { consoleAsset } from './assets';
import { tabConversations } from './conversations';
import { LiveUpdates } from './liveUpdates';
import { trafficDetail, trafficRows } from './traffic';
import type { VendorTab } from './types';

export interface ConsoleDeps {
	config: () => SandboxConfig;
	recorder: Recorder;
	mounts: VendorMount[];
}

/** The vendor whose mount plays the end users' phones. */
const SMS_MOUNT = 'sms';

export interface SandboxConsole {
	/** Answers the console's paths (`/`, `/_console/…`); false for any other path. */
	handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
	close(): void;
}

function text(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (typeof value !== 'string' || value.trim() === '') throw new AdminInputError(`${field} is required`);
	return value;
}

/**
 * The sandbox console: a page at the sandbox's root, with one tab per vendor mount, and the JSON
 * API and event stream it reads (`/_console/api/…`, `/_console/events`).
 */
export function createConsole(deps: ConsoleDeps): SandboxConsole {
	const live = new LiveUpdates(deps.recorder);
	const mountOf = (name: string) => {
		const mount = deps.mounts.find((candidate) => candidate.name === name);
		if (!mount) throw new AdminInputError(`unknown vendor ${name}`);
		return mount;
	};
	const hookOf = (name: string) => {
		const hook = mountOf(name).console;
		if (!hook) throw new AdminInputError(`vendor ${name} has no conversation view`);
		return hook;
	};

	function smsNotes(smsNumber: string | undefined): string[] {
		if (!smsNumber) return ['No SMS number reaches this contact center (sandbox config sms.numbers): the phone cannot text it.'];
		const url = inboundWebhookFor(deps.config().sms, smsNumber);
		return [`End users text ${smsNumber}; the SMS provider posts their messages to ${url || 'nowhere yet (sms.numbers[].webhookUrl or sms.inboundWebhookUrl)'}.`];
	}

	function tab(mount: VendorMount): VendorTab {
		const hook = mount.console;
		const smsNumber = hook?.smsNumber();
		return {
			name: mount.name,
			title: mount.title ?? mount.name,
			conversations: hook !== undefined,
			smsNumber,
			sampleEndUser: hook?.sampleEndUser,
			agentSenders: [...(hook?.agentSenders ?? [])],
			kinds: [...mount.kinds],
			tokens: mount.expireTokens !== undefined,
			autoReply: hook?.autoReply?.get(),
			notes: hook ? [...smsNotes(smsNumber), ...(hook.notes?.() ?? [])] : [],
		};
	}

	async function endUserWrites(vendor: string, body: Record<string, unknown>): Promise<Reply> {
		const smsNumber = hookOf(vendor).smsNumber();
		if (!smsNumber) throw new AdminInputError(`no SMS number reaches ${vendor} (sandbox config sms.numbers)`);
		const inbound = mountOf(SMS_MOUNT).admin?.inbound;
		if (!inbound) throw new AdminInputError('the SMS provider stand-in is not mounted');
		return inbound.handler({ from: text(body, 'endUser'), to: smsNumber, text: text(body, 'text') }, new URLSearchParams());
	}

	async function agentWrites(vendor: string, body: Record<string, unknown>): Promise<Reply> {
		const hook = hookOf(vendor);
		const sender = typeof body.sender === 'string' ? body.sender : undefined;
		const business = typeof body.business === 'string' && body.business ? body.business : undefined;
		// A new conversation has only the end user's phone number so far: the vendor's address comes from it.
		const endUser = typeof body.endUser === 'string' && body.endUser ? body.endUser : hook.endUserAddress(text(body, 'endUserPhone'));
		const record = await hook.agentSend({ endUser, business, text: text(body, 'text'), sender });
		return jsonReply(200, record);
	}

	function setAutoReply(vendor: string, body: Record<string, unknown>): Reply {
		const autoReply = hookOf(vendor).autoReply;
		if (!autoReply) throw new AdminInputError(`vendor ${vendor} has no simulated agent`);
		if (typeof body.on !== 'boolean') throw new AdminInputError('on must be true or false');
		autoReply.set(body.on);
		live.notify();
		return jsonReply(200, { autoReply: autoReply.get() });
	}

	async function api(method: string, parts: string[], raw: Buffer): Promise<Reply> {
		let body: Record<string, unknown> = {};
		if (raw.length > 0) {
			const parsed = parseJson(raw);
			if (!parsed.ok || !isPlainObject(parsed.value)) throw new AdminInputError('body must be a JSON object');
			body = parsed.value;
		}
		const [resource, name, action] = parts;
		if (method === 'GET' && resource === 'tabs' && parts.length === 1) return jsonReply(200, deps.mounts.map(tab));
		if (method === 'GET' && resource === 'traffic' && parts.length === 2) {
			const detail = trafficDetail(deps.recorder, Number(name));
			return detail ? jsonReply(200, detail) : jsonReply(404, { error: 'not_found', seq: name });
		}
		if (resource !== 'tabs' || parts.length !== 3) return notFound(`/_console/api/${parts.join('/')}`);
		const route = `${method} ${action}`;
		switch (route) {
			case 'GET conversations':
				return jsonReply(200, tabConversations(hookOf(name), deps.recorder));
			case 'GET traffic': {
				const mount = mountOf(name);
				return jsonReply(200, trafficRows(deps.recorder, { vendor: mount.name, smsNumber: mount.console?.smsNumber() }));
			}
			case 'POST end-user':
				return endUserWrites(name, body);
			case 'POST agent':
				return agentWrites(name, body);
			case 'POST auto-reply':
				return setAutoReply(name, body);
			default:
				return notFound(`/_console/api/${parts.join('/')}`);
		}
	}

	return {
		async handle(req, res, url) {
			if (url.pathname === '/_console/events' && req.method === 'GET') {
				live.attach(res);
				return true;
			}
			if (url.pathname.startsWith('/_console/api/')) {
				const raw = await readRaw(req);
				const parts = url.pathname.slice('/_console/api/'.length).split('/').filter(Boolean).map(decodeURIComponent);
				writeReply(res, await api(req.method ?? 'GET', parts, raw));
				return true;
			}
			if (req.method !== 'GET' && req.method !== 'HEAD') return false;
			const reply = await consoleAsset(url.pathname);
			if (!reply) return false;
			writeReply(res, reply);
			return true;
		},
		close: () => live.close(),
	};
}
