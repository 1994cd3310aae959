import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../shared/items';
import { ItemParameters } from '../../shared/parameters';
import { readCredentials } from '../transport';
import * as send from './message/send.operation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource !== 'message' || operation !== 'send') {
		throw new NodeOperationError(this.getNode(), `The operation "${resource}: ${operation}" is not supported`);
	}
	const credentials = readCredentials(await this.getCredentials('avayaInfinityApi'));
	const parameters = new ItemParameters(this);
	const items = await runPerItem(this, (itemIndex) => send.execute(parameters, itemIndex, credentials), send.concurrencyOf(this));
	return [items];
}
