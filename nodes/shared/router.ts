/**
 * The one router of every action node: finds the selected operation in the node's resource map,
 * reads the credentials once per execution (through the credential cache), and runs the operation
 * over the items.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { readCredentials, readFreshCredentials } from './credentialCache';
import type { CredentialFields, CredentialReader, CredentialValues } from './credentials';
import { toNodeError } from './errors';
import { runOperation } from './items';
import { findOperation, type Resource } from './operation';
import { ItemParameters } from './parameters';

export interface ActionNodeSpec<F extends CredentialFields, C> {
	credentialType: string;
	credentialFields: CredentialReader<F>;
	/** The vendor's working form of the credential values (derived URLs, token sources); optional. */
	prepareCredentials?: (values: CredentialValues<F>) => C;
	resources: Array<Resource<C>>;
}

export async function route<F extends CredentialFields, C>(
	context: IExecuteFunctions,
	spec: ActionNodeSpec<F, C>,
): Promise<INodeExecutionData[][]> {
	const parameters = new ItemParameters(context);
	const resource = parameters.get<string>('resource', 0);
	const operationName = parameters.get<string>('operation', 0);
	const operation = findOperation(spec.resources, resource, operationName);
	if (!operation) throw new NodeOperationError(context.getNode(), `The operation "${resource}: ${operationName}" is not supported`);

	const toCredentials = (data: Parameters<CredentialReader<F>['require']>[0]): C => {
		const values = spec.credentialFields.require(data);
		return spec.prepareCredentials ? spec.prepareCredentials(values) : (values as unknown as C);
	};
	const { data, cached } = await readCredentials(context, spec.credentialType);
	let credentials: C;
	try {
		credentials = toCredentials(data);
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
	const refresh = cached
		? async () => {
				const fresh = await readFreshCredentials(context, spec.credentialType);
				return JSON.stringify(fresh.data) === JSON.stringify(data) ? undefined : toCredentials(fresh.data);
			}
		: undefined;
	const run = { context, parameters, credentials };
	return [await runOperation(run, operation, refresh)];
}
