import type { Conversation, TrafficDetail, TrafficRow, VendorTab } from '../types';

/** A fault rule as the admin API lists it. */
export interface FaultRule {
	id: number;
	vendor: string;
	kind: string;
	remaining: number;
	fault: { type: string; status?: number; retryAfter?: string; ms?: number };
}

export interface FiredFault {
	ruleId: number;
	at: string;
	vendor: string;
	kind: string;
	path: string;
	type: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const parsed: unknown = text ? JSON.parse(text) : undefined;
	if (!response.ok) {
		const error = parsed && typeof parsed === 'object' && 'error' in parsed ? String((parsed as { error: unknown }).error) : `HTTP ${response.status}`;
		throw new Error(error);
	}
	return parsed as T;
}

const tab = (vendor: string, action: string) => `/_console/api/tabs/${encodeURIComponent(vendor)}/${action}`;

/** The sandbox's console API and the admin API's fault endpoints. */
export const api = {
	tabs: () => call<VendorTab[]>('GET', '/_console/api/tabs'),
	conversations: (vendor: string) => call<Conversation[]>('GET', tab(vendor, 'conversations')),
	traffic: (vendor: string) => call<TrafficRow[]>('GET', tab(vendor, 'traffic')),
	trafficDetail: (seq: number) => call<TrafficDetail>('GET', `/_console/api/traffic/${seq}`),
	endUserWrites: (vendor: string, endUser: string, text: string) => call<unknown>('POST', tab(vendor, 'end-user'), { endUser, text }),
	agentWrites: (vendor: string, message: { endUser: string; endUserPhone?: string; business?: string; text: string; sender?: string }) => call<unknown>('POST', tab(vendor, 'agent'), message),
	setAutoReply: (vendor: string, on: boolean) => call<{ autoReply: boolean }>('POST', tab(vendor, 'auto-reply'), { on }),
	faults: () => call<{ pending: FaultRule[]; fired: FiredFault[] }>('GET', '/_admin/faults'),
	addFault: (request: { vendor: string; kind: string; times?: number; fault: Record<string, unknown> }) => call<FaultRule | { applied: string; expired: number }>('POST', '/_admin/faults', request),
	removeFault: (id: number) => call<unknown>('DELETE', `/_admin/faults?id=${id}`),
};
