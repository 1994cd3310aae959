/**
 * Faults injected into the next matching vendor request(s). Connection refused is not a
 * per-request fault (the request never reaches a server): use Sandbox.pauseListening() or a closed port.
 */
export type Fault =
	/** Answer with this status instead of processing. `retryAfter` is seconds or an HTTP date. */
	| { type: 'status'; status: number; retryAfter?: string; body?: unknown }
	/** Answer late; the request is still processed (and recorded) after the delay. */
	| { type: 'delay'; ms: number }
	/** Destroy the socket before reading: the vendor never got the request, nothing is recorded. */
	| { type: 'reset-before-read' }
	/** Process and record the request as the vendor would, then destroy the socket without answering. */
	| { type: 'reset-after-accept' }
	/** Applied when posted, not queued: every token issued so far is expired. */
	| { type: 'expire-tokens' };

export type FaultType = Fault['type'];

export interface FaultRule {
	id: number;
	vendor: string;
	kind: string;
	/** Full request path (`/avaya/api/...`) or the path inside the mount (`/api/...`). */
	path?: string;
	remaining: number;
	fault: Fault;
}

export interface FiredFault {
	ruleId: number;
	at: string;
	vendor: string;
	kind: string;
	path: string;
	type: FaultType;
}

export interface FaultRequest {
	vendor: string;
	kind: string;
	path?: string;
	times?: number;
	fault: Fault;
}

export class FaultError extends Error {}

/** Throws FaultError with a readable reason when `input` is not a well-formed fault. */
export function checkFault(input: unknown): Fault {
	if (typeof input !== 'object' || input === null) throw new FaultError('fault must be an object');
	const fault = input as Record<string, unknown>;
	switch (fault.type) {
		case 'status':
			if (!Number.isInteger(fault.status) || (fault.status as number) < 100 || (fault.status as number) > 599) {
				throw new FaultError('status fault needs an integer status 100..599');
			}
			if (fault.retryAfter !== undefined && typeof fault.retryAfter !== 'string') {
				throw new FaultError('retryAfter must be a string (seconds or an HTTP date)');
			}
			return input as Fault;
		case 'delay':
			if (typeof fault.ms !== 'number' || fault.ms < 0) throw new FaultError('delay fault needs ms ≥ 0');
			return input as Fault;
		case 'reset-before-read':
		case 'reset-after-accept':
		case 'expire-tokens':
			return input as Fault;
		default:
			throw new FaultError(`unknown fault type ${String(fault.type)}`);
	}
}

export class FaultQueue {
	private rules: FaultRule[] = [];
	private fired: FiredFault[] = [];
	private nextId = 1;

	add(request: FaultRequest): FaultRule {
		if (request.fault?.type === 'expire-tokens') {
			throw new FaultError('expire-tokens is applied at once, not queued: use the vendor mount\'s expireTokens()');
		}
		const times = request.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new FaultError('times must be an integer ≥ 1');
		const rule: FaultRule = {
			id: this.nextId++,
			vendor: request.vendor,
			kind: request.kind,
			path: request.path,
			remaining: times,
			fault: checkFault(request.fault),
		};
		this.rules.push(rule);
		return rule;
	}

	/** Takes one use of the oldest rule matching this request, if any. */
	take(vendor: string, kind: string, fullPath: string, mountPath: string): Fault | undefined {
		const rule = this.rules.find(
			(candidate) =>
				candidate.vendor === vendor &&
				candidate.kind === kind &&
				(candidate.path === undefined || candidate.path === fullPath || candidate.path === mountPath),
		);
		if (!rule) return undefined;
		rule.remaining -= 1;
		if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
		this.fired.push({ ruleId: rule.id, at: new Date().toISOString(), vendor, kind, path: fullPath, type: rule.fault.type });
		if (this.fired.length > 10_000) this.fired.splice(0, this.fired.length - 10_000);
		return rule.fault;
	}

	pending(): FaultRule[] {
		return this.rules.map((rule) => ({ ...rule }));
	}

	firedFaults(): FiredFault[] {
		return [...this.fired];
	}

	/** Removes the pending rules with this id or of this vendor; returns how many. Fired faults stay listed. */
	remove(which: { id?: number; vendor?: string }): number {
		const before = this.rules.length;
		this.rules = this.rules.filter((rule) => !((which.id === undefined || rule.id === which.id) && (which.vendor === undefined || rule.vendor === which.vendor)));
		return before - this.rules.length;
	}

	clear(): void {
		this.rules = [];
		this.fired = [];
	}
}
