/** Stand-ins for what n8n hands a node: an execute context over items, and a webhook response. */
import { EventEmitter } from 'node:events';
import { mock, type MockProxy } from 'jest-mock-extended';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

/** An execute context with `count` input items, for runners that read only items and options. */
export function itemsContext(count: number, continueOnFail = false): MockProxy<IExecuteFunctions> & IExecuteFunctions {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(Array.from({ length: count }, (_, i) => ({ json: { i } })));
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNode.mockReturnValue({ name: 'Send', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode);
	return ctx;
}

/** The parts of express's response a trigger uses; `finish` plays n8n sending its answer. */
export class FakeResponse extends EventEmitter {
	statusCode = 200;
	writableFinished = false;
	body: unknown;
	headers: Record<string, string> = {};
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.body = body;
		return this;
	}
	setHeader(name: string, value: string) {
		this.headers[name] = value;
	}
	/** What n8n does once the execution is accepted (or has failed). */
	finish(code: number) {
		this.statusCode = code;
		this.writableFinished = true;
		this.emit('finish');
	}
}
