/**
 * CPU profiles of n8n's main thread through the V8 inspector (n8n started with
 * `--inspect=127.0.0.1:<port>`), and their summary: self time by function and by package, and the
 * inclusive time of the frames asked for.
 */
import { WebSocket } from 'undici';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
	columnNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

export interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export class Inspector {
	private nextId = 1;
	private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
			const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
			if (!waiter || message.id === undefined) return;
			this.waiting.delete(message.id);
			if (message.error) waiter.reject(new Error(message.error.message));
			else waiter.resolve(message.result);
		});
	}

	static async connect(port: number): Promise<Inspector> {
		const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
		const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve());
			socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector on port ${port}`)));
		});
		return new Inspector(socket);
	}

	send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	async start(samplingIntervalUs: number): Promise<void> {
		await this.send('Profiler.enable');
		await this.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
		await this.send('Profiler.start');
	}

	async stop(): Promise<CpuProfile> {
		return (await this.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
	}

	close(): void {
		this.socket.close();
	}
}

const IDLE = new Set(['(idle)', '(program)']);

/** Where a frame's code lives: our package, an npm package of n8n's, node itself, or V8. */
export function packageOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.includes('n8n-nodes-contact-center-sms/')) return 'OURS';
	if (url.startsWith('node:')) return 'node:internal';
	const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	return match ? match[1] : url;
}

function frameKey(frame: CallFrame): string {
	const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
	return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

export interface ProfileSummary {
	/** Sampled ms that were not idle. */
	busyMs: number;
	selfByPackage: Array<[string, number]>;
	selfByFunction: Array<[string, number]>;
	/** ms of samples with the named function anywhere on the stack (each sample counted once per name). */
	inclusive: Array<[string, number]>;
}

/** Self time by package and by function, and inclusive time of every function name seen. */
export function summarize(profile: CpuProfile): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const selfPackage = new Map<string, number>();
	const selfFunction = new Map<string, number>();
	const inclusive = new Map<string, number>();
	const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
	let busyMs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		// The delta after a sample is the time it stood for.
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const leaf = byId.get(profile.samples[i]);
		if (!leaf || IDLE.has(leaf.callFrame.functionName)) continue;
		busyMs += ms;
		add(selfPackage, packageOf(leaf.callFrame.url, leaf.callFrame.functionName), ms);
		add(selfFunction, `[${packageOf(leaf.callFrame.url, leaf.callFrame.functionName)}] ${frameKey(leaf.callFrame)}`, ms);
		const seen = new Set<string>();
		for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
			const frame = byId.get(id)?.callFrame;
			if (!frame) break;
			const key = `[${packageOf(frame.url, frame.functionName)}] ${frame.functionName || '(anonymous)'}`;
			if (seen.has(key)) continue;
			seen.add(key);
			add(inclusive, key, ms);
		}
	}
	const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
	return { busyMs, selfByPackage: sorted(selfPackage), selfByFunction: sorted(selfFunction), inclusive: sorted(inclusive) };
}
