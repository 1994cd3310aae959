import { ConfigError, type ConfigPatch, type SandboxConfig } from './config';
import { sendOnce } from './delivery';
import { FaultError, type FaultQueue, type FaultRequest } from './faults';
import { AdminInputError, isPlainObject, jsonReply, notFound, parseJson, type Reply } from './http';
import type { RecordFilter, Recorder } from './recorder';
import type { Scheduler } from './scheduler';
import type { AdminHandler, VendorMount } from './vendors/types';

export interface AdminDeps {
	config: () => SandboxConfig;
	patchConfig: (patch: ConfigPatch) => SandboxConfig;
	reset: () => void;
	recorder: Recorder;
	faults: FaultQueue;
	mounts: VendorMount[];
	scheduler: Scheduler;
	startedAt: number;
}

type Route = { method: 'GET' | 'POST' | 'DELETE'; handler: AdminHandler };

function filterFrom(query: URLSearchParams): RecordFilter {
	const since = query.get('since');
	return { vendor: query.get('vendor') ?? undefined, kind: query.get('kind') ?? undefined, since: since ? Number(since) : undefined };
}

function coreRoutes(deps: AdminDeps): Record<string, Route> {
	const mountOf = (vendor: unknown) => deps.mounts.find((mount) => mount.name === vendor);
	return {
		health: {
			method: 'GET',
			handler: () => jsonReply(200, { ok: true, vendors: deps.mounts.map((mount) => mount.name), uptimeMs: Date.now() - deps.startedAt }),
		},
		'GET config': { method: 'GET', handler: () => jsonReply(200, deps.config()) },
		'POST config': { method: 'POST', handler: (body) => jsonReply(200, deps.patchConfig(body as ConfigPatch)) },
		reset: {
			method: 'POST',
			handler: () => {
				deps.reset();
				return jsonReply(200, { ok: true });
			},
		},
		records: { method: 'GET', handler: (_body, query) => jsonReply(200, deps.recorder.requests(filterFrom(query))) },
		accepted: { method: 'GET', handler: (_body, query) => jsonReply(200, deps.recorder.accepted(filterFrom(query))) },
		events: { method: 'GET', handler: (_body, query) => jsonReply(200, deps.recorder.deliveries(filterFrom(query))) },
		tokens: { method: 'GET', handler: () => jsonReply(200, deps.recorder.tokens()) },
		'GET faults': { method: 'GET', handler: () => jsonReply(200, { pending: deps.faults.pending(), fired: deps.faults.firedFaults() }) },
		'POST faults': {
			method: 'POST',
			handler: (body) => {
				const request = body as unknown as FaultRequest;
				const mount = mountOf(request.vendor);
				if (!mount) throw new AdminInputError(`unknown vendor ${String(request.vendor)}`);
				if (!mount.kinds.includes(request.kind)) throw new AdminInputError(`vendor ${mount.name} has kinds ${mount.kinds.join(', ')}`);
				if (isPlainObject(request.fault) && request.fault.type === 'expire-tokens') {
					if (!mount.expireTokens) throw new AdminInputError(`vendor ${mount.name} issues no tokens`);
					return jsonReply(200, { applied: 'expire-tokens', expired: mount.expireTokens() });
				}
				return jsonReply(201, deps.faults.add(request));
			},
		},
		'DELETE faults': {
			method: 'DELETE',
			handler: (_body, query) => {
				const id = query.get('id');
				const vendor = query.get('vendor');
				if (id === null && vendor === null) {
					deps.faults.clear();
					return jsonReply(200, { ok: true });
				}
				if (id !== null && !/^\d+$/.test(id)) throw new AdminInputError('id must be a fault rule id');
				return jsonReply(200, { ok: true, removed: deps.faults.remove({ id: id === null ? undefined : Number(id), vendor: vendor ?? undefined }) });
			},
		},
		raw: {
			method: 'POST',
			handler: async (body) => {
				if (typeof body.url !== 'string') throw new AdminInputError('url is required');
				const headers = isPlainObject(body.headers) ? (body.headers as Record<string, string>) : {};
				const payload = typeof body.body === 'string' ? body.body : body.body === undefined ? '' : JSON.stringify(body.body);
				const method = typeof body.method === 'string' ? body.method : 'POST';
				const record = deps.recorder.delivery({ vendor: 'raw', kind: 'raw', url: body.url, headers, bytes: payload });
				const result = await sendOnce({ url: body.url, method, headers, body: payload }, deps.config().avaya.delivery.timeoutMs, deps.scheduler.signal);
				record.attempts.push({ attempt: 1, ...result });
				record.delivered = result.status !== null;
				record.finished = true;
				return jsonReply(200, { status: result.status, body: result.body, ms: result.ms, ...(result.error ? { error: result.error } : {}) });
			},
		},
	};
}

/** The `/_admin` API: core routes plus each vendor's routes under `/_admin/<vendor>/`. */
export function createAdmin(deps: AdminDeps) {
	const routes = new Map<string, Route>();
	// A route name may start with its method ('GET faults') when one path has two methods.
	const routeName = (name: string) => name.replace(/^(GET|POST|DELETE) /, '');
	for (const [name, route] of Object.entries(coreRoutes(deps))) routes.set(`${route.method} ${routeName(name)}`, route);
	for (const mount of deps.mounts) {
		for (const [name, route] of Object.entries(mount.admin ?? {})) routes.set(`${route.method} ${mount.name}/${routeName(name)}`, route);
	}

	return async function handleAdmin(method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
		const name = path.replace(/^\/_admin\/?/, '').replace(/\/$/, '');
		const route = routes.get(`${method} ${name}`);
		if (!route) return notFound(path);
		let body: Record<string, unknown> = {};
		if (raw.length > 0) {
			const parsed = parseJson(raw);
			if (!parsed.ok || !isPlainObject(parsed.value)) return jsonReply(400, { error: 'admin body must be a JSON object' });
			body = parsed.value;
		}
		// Bad input (AdminInputError, FaultError, ConfigError) is answered 400 by the server; see isAdminInputError.
		return route.handler(body, query);
	};
}

export function isAdminInputError(error: unknown): error is Error {
	return error instanceof AdminInputError || error instanceof FaultError || error instanceof ConfigError;
}
