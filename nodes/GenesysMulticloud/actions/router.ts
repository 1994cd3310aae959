import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { missingCredentialFields, readCredentials } from '../transport';
import * as receipt from './message/receipt.operation';
import * as send from './message/send.operation';

const operations = { send, receipt } as const;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource !== 'message' || !(operation in operations)) {
		throw new NodeOperationError(this.getNode(), `The operation "${resource}: ${operation}" is not supported`);
	}
	const credentials = readCredentials(await this.getCredentials('genesysMulticloudApi'));
	const missing = missingCredentialFields(credentials);
	if (missing.length) {
		throw new NodeOperationError(this.getNode(), `The Genesys Multicloud CX credential lacks: ${missing.join(', ')}`);
	}
	const items = await operations[operation as keyof typeof operations].execute.call(this, credentials);
	return [items];
}
