import { isPlainObject } from './http';

export type DeepPartial<T> = T extends Array<infer U>
	? Array<DeepPartial<U>>
	: T extends object
		? { [K in keyof T]?: DeepPartial<T[K]> }
		: T;

/**
 * One vendor's part of the sandbox config (`vendors/<vendor>Config.ts`): its defaults, how a patch
 * completes it, and what makes it invalid. `config.ts` composes the sections.
 */
export interface ConfigSection<T> {
	defaults(): T;
	/** Called after the merge patch: lists the patch replaced (tenants, orgs) are completed from the defaults here. */
	complete(merged: T, patch: DeepPartial<T> | undefined): T;
	/** Why the section is invalid, or undefined. */
	problem(config: T): string | undefined;
}

/** JSON merge patch (RFC 7396) without deletion: objects merge, arrays and scalars replace. */
export function mergePatch(target: unknown, patch: unknown): unknown {
	if (!isPlainObject(patch) || !isPlainObject(target)) return patch === undefined ? target : patch;
	const merged: Record<string, unknown> = { ...target };
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined || value === null) continue;
		merged[key] = mergePatch(target[key], value);
	}
	return merged;
}

/**
 * A patched list of tenants replaces the old list, each entry completed from `defaults` (so
 * `{tenants:[{webhookUrl}]}` is enough to set one URL). Array fields of the defaults are copied.
 */
export function completeList<T extends object>(defaults: Readonly<T>, patched: unknown[] | undefined, current: T[]): T[] {
	if (!patched) return current;
	return patched.map((entry) => mergePatch(structuredClone(defaults) as T, entry) as T);
}

export function nonNegative(value: unknown): boolean {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function positiveInteger(value: unknown): boolean {
	return Number.isInteger(value) && (value as number) >= 1;
}
