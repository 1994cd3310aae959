/**
 * Reading n8n credential data the same way for every vendor: each vendor declares its fields once
 * (display name, kind, required, default), and the node, the trigger and the Test button read them
 * through that declaration.
 */
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

export interface CredentialField {
	/** The field's display name, as errors name it. */
	name: string;
	/** `text` is trimmed; `secret` is kept exactly as entered; `url` is trimmed and normalised. */
	kind?: 'text' | 'secret' | 'url';
	required?: boolean;
	/** Used when the field is empty. */
	default?: string;
	/** For `url`: a path every base URL of the vendor ends with, added when the user left it out. */
	suffix?: string;
}

export type CredentialFields = Record<string, CredentialField>;
export type CredentialValues<F extends CredentialFields> = { readonly [K in keyof F]: string };

/** A credential lacks required fields; nothing was sent. */
export class CredentialError extends Error {
	constructor(
		readonly vendor: string,
		readonly missing: string[],
	) {
		super(`The ${vendor} credential lacks: ${missing.join(', ')}`);
		this.name = 'CredentialError';
	}
}

/** `host.example.com/base` → `https://host.example.com/base`; full URLs kept, minus a trailing slash; '' stays ''. */
export function normaliseBaseUrl(value: string, suffix = ''): string {
	if (!value) return '';
	const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
	const trimmed = withScheme.replace(/\/+$/, '');
	return suffix && !trimmed.toLowerCase().endsWith(suffix.toLowerCase()) ? `${trimmed}${suffix}` : trimmed;
}

function fieldValue(data: ICredentialDataDecryptedObject, key: string, field: CredentialField): string {
	const raw = data[key];
	const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
	const value = field.kind === 'secret' ? text : text.trim();
	const filled = value === '' ? (field.default ?? '') : value;
	return field.kind === 'url' ? normaliseBaseUrl(filled, field.suffix) : filled;
}

export interface CredentialReader<F extends CredentialFields> {
	readonly vendor: string;
	readonly fields: F;
	/** Every field, read and normalised; no check. */
	read(data: ICredentialDataDecryptedObject): CredentialValues<F>;
	/** The display names of required fields that are empty. */
	missing(values: CredentialValues<F>): string[];
	/** Reads and throws CredentialError when a required field is empty. */
	require(data: ICredentialDataDecryptedObject): CredentialValues<F>;
}

export function credentialReader<F extends CredentialFields>(vendor: string, fields: F): CredentialReader<F> {
	const entries = Object.entries(fields);
	const read = (data: ICredentialDataDecryptedObject) =>
		Object.fromEntries(entries.map(([key, field]) => [key, fieldValue(data, key, field)])) as CredentialValues<F>;
	const missing = (values: CredentialValues<F>) => entries.filter(([key, field]) => field.required && !values[key]).map(([, field]) => field.name);
	return {
		vendor,
		fields,
		read,
		missing,
		require(data) {
			const values = read(data);
			const absent = missing(values);
			if (absent.length) throw new CredentialError(vendor, absent);
			return values;
		},
	};
}

/** What a credential probe found: success text, or why the vendor refused. */
export type ProbeResult = { ok: string } | { refused: string };

/**
 * A credential's Test button: required fields first, then `probe` (a request that proves the
 * credential without sending a message). A probe that throws reports the error's message.
 */
export async function testCredential<F extends CredentialFields>(
	reader: CredentialReader<F>,
	data: ICredentialDataDecryptedObject | undefined,
	probe: (values: CredentialValues<F>) => Promise<ProbeResult>,
): Promise<INodeCredentialTestResult> {
	const values = reader.read(data ?? {});
	const absent = reader.missing(values);
	if (absent.length) return { status: 'Error', message: `Missing: ${absent.join(', ')}` };
	try {
		const result = await probe(values);
		return 'ok' in result ? { status: 'OK', message: result.ok } : { status: 'Error', message: result.refused };
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
