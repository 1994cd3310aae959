/**
 * Edits a stored credential the way n8n's editor saves one: read it with its data
 * (`GET /rest/credentials/:id?includeData=true`; password fields come back redacted), change some
 * fields, and send the whole of it back (`PATCH /rest/credentials/:id` with name, type and data).
 * n8n replaces the stored data with the data sent, restoring every field still carrying its redaction
 * placeholder from the stored values (n8n 2.8 and 2.41 alike), so untouched secrets stay as they were.
 */
import type { N8nOwnerSession } from './n8nOwnerSession';

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data?: Record<string, unknown>;
}

export async function editCredential(session: N8nOwnerSession, credentialId: string, changes: Record<string, unknown>): Promise<void> {
	const path = `/credentials/${encodeURIComponent(credentialId)}`;
	const stored = await session.request<StoredCredential>('GET', `${path}?includeData=true`);
	if (!stored?.data) throw new Error(`n8n returned credential ${credentialId} without its data`);
	await session.request('PATCH', path, { name: stored.name, type: stored.type, data: { ...stored.data, ...changes } });
}
