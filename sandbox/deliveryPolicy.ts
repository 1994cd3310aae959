import { nonNegative, positiveInteger } from './configTools';

/** How the sandbox delivers events to a webhook. Retries use baseDelayMs * 2^(attempt-1). */
export interface DeliveryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	timeoutMs: number;
}

export const DEFAULT_DELIVERY: Readonly<DeliveryPolicy> = Object.freeze({
	maxAttempts: 4,
	baseDelayMs: 200,
	timeoutMs: 10_000,
});

export function policyProblem(name: string, policy: DeliveryPolicy): string | undefined {
	if (!positiveInteger(policy.maxAttempts)) return `${name}.maxAttempts must be an integer ≥ 1`;
	if (!nonNegative(policy.baseDelayMs)) return `${name}.baseDelayMs must be ≥ 0`;
	if (!nonNegative(policy.timeoutMs) || policy.timeoutMs === 0) return `${name}.timeoutMs must be > 0`;
	return undefined;
}
