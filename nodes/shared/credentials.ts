/** Reading n8n credential data the same way for every vendor. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** A text field, trimmed; '' when absent or not text. */
export function credentialText(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value.trim() : '';
}

/** A secret field exactly as entered (secrets are not trimmed); '' when absent. */
export function credentialSecret(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value : '';
}

/** `host.example.com/base` → `https://host.example.com/base`; full URLs kept, minus a trailing slash; '' stays ''. */
export function normaliseBaseUrl(value: string): string {
	if (!value) return '';
	const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
	return withScheme.replace(/\/+$/, '');
}
