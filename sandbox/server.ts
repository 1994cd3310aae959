import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAdmin, isAdminInputError } from './admin';
import { createConsole } from './console/routes';
import { applyConfigPatch, defaultConfig, SANDBOX_HOST, type ConfigPatch, type SandboxConfig } from './config';
import { FaultQueue, type Fault } from './faults';
import { BodyTooLargeError, jsonReply, notFound, readRaw, writeReply, type Reply } from './http';
import { Recorder, recordableBody, redactHeaders, redactSecrets } from './recorder';
import { Scheduler, SchedulerClosedError } from './scheduler';
import { VENDOR_FACTORIES } from './vendors';
import type { SandboxContext, VendorFactory, VendorMount } from './vendors/types';

export interface SandboxOptions {
	/** 0 picks a free port. */
	port?: number;
	host?: '127.0.0.1';
	config?: ConfigPatch;
	/** Replaces the built-in vendor list (tests of a single vendor). */
	vendors?: VendorFactory[];
}

export interface Sandbox {
	/** e.g. `http://127.0.0.1:4100`; vendors live under `${url}/avaya`, `${url}/sms`. */
	url: string;
	/** The console page (`${url}/`): every vendor's conversations, traffic and fault switches. */
	consoleUrl: string;
	port: number;
	readonly config: SandboxConfig;
	records: Recorder;
	faults: FaultQueue;
	mounts: VendorMount[];
	setConfig(patch: ConfigPatch): SandboxConfig;
	/** Clears records, faults, tokens, conversations; keeps config. */
	reset(): void;
	/** Stops accepting connections (clients then get ECONNREFUSED) until resumeListening(). */
	pauseListening(): Promise<void>;
	resumeListening(): Promise<void>;
	/** Lines describing the vendors' credentials and URLs (what `npm run sandbox` prints). */
	describe(): string[];
	close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const host = options.host ?? SANDBOX_HOST;
	let config = applyConfigPatch(defaultConfig(), options.config);
	let baseUrl = '';
	const recorder = new Recorder(() => config.maxRecords);
	const faults = new FaultQueue();
	const scheduler = new Scheduler();
	const startedAt = Date.now();
	const ctx: SandboxContext = { config: () => config, recorder, scheduler, baseUrl: () => baseUrl };
	const mounts = (options.vendors ?? VENDOR_FACTORIES).map((factory) => factory(ctx));

	const reset = () => {
		recorder.clear();
		faults.clear();
		for (const mount of mounts) mount.reset();
	};
	const patchConfig = (patch: ConfigPatch) => (config = applyConfigPatch(config, patch));
	const handleAdmin = createAdmin({ config: () => config, patchConfig, reset, recorder, faults, mounts, scheduler, startedAt });
	const sandboxConsole = createConsole({ config: () => config, recorder, mounts });

	async function handleVendor(mount: VendorMount, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const path = url.pathname.slice(mount.prefix.length) || '/';
		const kind = mount.classify(path);
		if (!kind) return writeReply(res, notFound(url.pathname));
		const fault = faults.take(mount.name, kind, url.pathname, path);
		if (fault?.type === 'reset-before-read') {
			req.socket.destroy();
			return;
		}
		const raw = await readRaw(req);
		await scheduler.sleep(config.latencyMs);
		if (fault?.type === 'delay') await scheduler.sleep(fault.ms);
		const received = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, raw };
		const reply = fault?.type === 'status' ? statusFaultReply(mount, kind, fault) : await mount.handle(kind, received);
		const signature = mount.signatureVerdict?.(kind, received);
		recorder.request({
			vendor: mount.name,
			kind,
			method: req.method ?? 'GET',
			path: url.pathname,
			headers: redactHeaders(req.headers),
			body: recordableBody(raw),
			status: reply.status,
			response: redactSecrets(reply.body),
			faults: fault ? [fault.type] : [],
			...(signature ? { signature } : {}),
		});
		if (fault?.type === 'reset-after-accept') {
			req.socket.destroy();
			return;
		}
		writeReply(res, reply);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		if (url.pathname === '/_admin' || url.pathname.startsWith('/_admin/')) {
			const raw = await readRaw(req);
			return writeReply(res, await handleAdmin(req.method ?? 'GET', url.pathname, url.searchParams, raw));
		}
		const mount = mounts.find((candidate) => url.pathname === candidate.prefix || url.pathname.startsWith(`${candidate.prefix}/`));
		if (!mount && (await sandboxConsole.handle(req, res, url))) return;
		if (!mount) return writeReply(res, notFound(url.pathname));
		return handleVendor(mount, req, res, url);
	}

	const server = createServer({ keepAlive: true }, (req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (error instanceof SchedulerClosedError) return void res.destroy();
			if (error instanceof BodyTooLargeError) return writeReply(res, jsonReply(413, { error: error.message }));
			if (isAdminInputError(error)) return writeReply(res, jsonReply(400, { error: error.message }));
			console.error('[sandbox] request failed:', error);
			writeReply(res, jsonReply(500, { error: 'sandbox_internal_error', message: error instanceof Error ? error.message : String(error) }));
		});
	});
	server.keepAliveTimeout = 30_000;
	await listen(server, options.port ?? 0, host);
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://${host}:${port}`;

	return {
		url: baseUrl,
		consoleUrl: `${baseUrl}/`,
		port,
		get config() {
			return config;
		},
		records: recorder,
		faults,
		mounts,
		setConfig: patchConfig,
		reset,
		async pauseListening() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
		resumeListening: () => listen(server, port, host),
		describe: () => mounts.flatMap((mount) => mount.describe?.() ?? []),
		async close() {
			scheduler.close();
			sandboxConsole.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

function statusFaultReply(mount: VendorMount, kind: string, fault: Extract<Fault, { type: 'status' }>): Reply {
	const reply = mount.faultReply(kind, fault);
	if (fault.retryAfter === undefined) return reply;
	return { ...reply, headers: { ...(reply.headers ?? {}), 'retry-after': fault.retryAfter } };
}
