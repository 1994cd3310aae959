/**
 * Decrypted credentials kept briefly per credential id, in this process, for triggers and action
 * nodes alike. n8n's getCredentials() is a database read plus a decryption on every call; for a
 * bridge that runs one message per execution it is the largest cost our nodes add.
 *
 * Never stale where it matters: callers read fresh credentials before refusing an event whose
 * signature does not match a cached secret, and before failing on a vendor's 401.
 * The lifetime comes from CONTACT_CENTER_SMS_CREDENTIAL_CACHE_SECONDS (default 5; 0 turns the cache
 * off, e.g. where credentials come from an external secrets store).
 */
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

export const CREDENTIAL_CACHE_ENV = 'CONTACT_CENTER_SMS_CREDENTIAL_CACHE_SECONDS';
export const DEFAULT_CREDENTIAL_CACHE_SECONDS = 5;

/** What this module needs of n8n's execute or webhook context. */
export interface CredentialSource {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export interface CredentialRead {
	data: ICredentialDataDecryptedObject;
	/** True when the data came from the cache rather than from n8n just now. */
	cached: boolean;
}

interface Entry {
	data: ICredentialDataDecryptedObject;
	expiresAt: number;
}

const entries = new Map<string, Entry>();
let lifetimeMs: number | undefined;

function cacheLifetimeMs(): number {
	if (lifetimeMs === undefined) {
		const raw = process.env[CREDENTIAL_CACHE_ENV];
		const seconds = raw === undefined || raw.trim() === '' ? DEFAULT_CREDENTIAL_CACHE_SECONDS : Number(raw);
		lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
	}
	return lifetimeMs;
}

function keyOf(source: CredentialSource, type: string): string | undefined {
	const id = source.getNode().credentials?.[type]?.id;
	return id ? `${type}:${id}` : undefined;
}

/** Reads the credentials from n8n and keeps them for the cache lifetime. */
export async function readFreshCredentials(source: CredentialSource, type: string): Promise<CredentialRead> {
	const data = await source.getCredentials(type);
	const key = keyOf(source, type);
	const lifetime = cacheLifetimeMs();
	if (key && lifetime > 0) entries.set(key, { data, expiresAt: Date.now() + lifetime });
	return { data, cached: false };
}

/** The credentials, from the cache while they are younger than its lifetime. */
export async function readCredentials(source: CredentialSource, type: string): Promise<CredentialRead> {
	const key = keyOf(source, type);
	const entry = key ? entries.get(key) : undefined;
	if (entry && Date.now() < entry.expiresAt) return { data: entry.data, cached: true };
	if (key && entry) entries.delete(key);
	return readFreshCredentials(source, type);
}

/** Forgets every cached credential and reads the lifetime setting again (tests). */
export function clearCredentialCache(): void {
	entries.clear();
	lifetimeMs = undefined;
}
