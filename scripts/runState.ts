import * as fs from 'node:fs';
import * as path from 'node:path';

import { RUN_DIR } from '../test/harness/paths';

/** What a running `npm start` tells `npm run play` (written at start, removed at stop). */
export interface RunState {
	pid: number;
	n8nUrl: string;
	sandboxUrl: string;
	smsInboundUrl: string;
	avayaTriggerUrl: string;
	businessNumber: string;
	workflowId: string;
	userFolder: string;
}

export const RUN_STATE_FILE = path.join(RUN_DIR, 'state.json');

export function writeRunState(state: RunState): void {
	fs.mkdirSync(RUN_DIR, { recursive: true });
	fs.writeFileSync(RUN_STATE_FILE, JSON.stringify(state, null, 2));
}

export function removeRunState(): void {
	fs.rmSync(RUN_STATE_FILE, { force: true });
}

/** The state of the running `npm start`, or undefined when none is running. */
export function readRunState(): RunState | undefined {
	if (!fs.existsSync(RUN_STATE_FILE)) return undefined;
	const state = JSON.parse(fs.readFileSync(RUN_STATE_FILE, 'utf8')) as RunState;
	try {
		process.kill(state.pid, 0);
		return state;
	} catch {
		return undefined;
	}
}
