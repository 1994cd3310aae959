/**
 * Runs the generated hostile inputs against one trigger in the real n8n, interleaved with valid
 * events, then replays of a valid event; checks every answer and that only the valid events
 * started runs. Shared by hostile-*.test.ts.
 */
import { request } from 'undici';

import { sign } from '../../nodes/shared/signature';
import { executions, executionsFinished } from '../harness/context';
import { CLOSED_WHILE_UPLOADING, hostileInputs, multipartInputs, type HostileInput, type HostileTarget } from './hostile-inputs';

export interface HostileOutcome {
	input: HostileInput;
	status: number;
	body: string;
	error?: string;
}

export interface HostileReport {
	tried: number;
	runsStartedByHostileInputs: number;
	validEventsSent: number;
	validEventsAnswered200: number;
	unexpected: HostileOutcome[];
	byCategory: Map<string, Map<string, number>>;
}

const CONCURRENCY = 10;
const VALID_EVERY = 20;
const REPLAYS = 20;

export async function sendInput(url: string, input: HostileInput): Promise<HostileOutcome> {
	try {
		const response = await request(url, {
			method: input.method as 'POST',
			headers: input.headers,
			body: input.body,
			headersTimeout: 30_000,
			bodyTimeout: 30_000,
			// A fresh connection per input: n8n may answer before it has read a bad body, and a
			// reused connection would then pair later answers with the wrong requests.
			reset: true,
		});
		const body = await response.body.text();
		return { input, status: response.statusCode, body: body.slice(0, 300) };
	} catch (error) {
		return { input, status: 0, body: '', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
	}
}

function tally(report: HostileReport, outcome: HostileOutcome): void {
	const statuses = report.byCategory.get(outcome.input.category) ?? new Map<string, number>();
	const key = outcome.status === 0 ? `no answer (${outcome.error})` : String(outcome.status);
	statuses.set(key, (statuses.get(key) ?? 0) + 1);
	report.byCategory.set(outcome.input.category, statuses);
	report.tried += 1;
	const bodyWanted = outcome.input.expectBodyIncludes;
	// "No answer" is acceptable only where documented, and only as a connection the server closed mid-upload.
	const closedByServer = outcome.status === CLOSED_WHILE_UPLOADING && /EPIPE|ECONNRESET|socket hang up|other side closed/i.test(outcome.error ?? '');
	const answeredAsDocumented = outcome.input.expect.includes(outcome.status) && (outcome.status !== CLOSED_WHILE_UPLOADING || closedByServer);
	if (!answeredAsDocumented || (bodyWanted !== undefined && !outcome.body.includes(bodyWanted))) report.unexpected.push(outcome);
}

export async function runHostileSuite(target: HostileTarget): Promise<HostileReport> {
	const before = (await executions(target.workflowId)).length;
	const report: HostileReport = { tried: 0, runsStartedByHostileInputs: 0, validEventsSent: 0, validEventsAnswered200: 0, unexpected: [], byCategory: new Map() };
	const sendValid = async (text: string) => {
		const body = JSON.stringify(target.validEvent(text));
		const outcome = await sendInput(target.url, {
			category: 'valid',
			name: text,
			method: 'POST',
			headers: { 'content-type': 'application/json', [target.scheme.header]: sign(target.scheme, target.secret, body) },
			body,
			expect: [200],
		});
		report.validEventsSent += 1;
		if (outcome.status === 200) report.validEventsAnswered200 += 1;
		return body;
	};

	const all = hostileInputs(target);
	const inputs = all.filter((input) => !input.alone);
	for (const input of all.filter((candidate) => candidate.alone)) tally(report, await sendInput(target.url, input));
	for (let start = 0; start < inputs.length; start += CONCURRENCY) {
		const chunk = inputs.slice(start, start + CONCURRENCY);
		for (const outcome of await Promise.all(chunk.map((input) => sendInput(target.url, input)))) tally(report, outcome);
		if ((start / CONCURRENCY) % (VALID_EVERY / CONCURRENCY) === 0) await sendValid(`valid ${target.vendor} ${start}`);
	}

	// Replays: the original is valid and runs once; its exact bytes again (and re-encoded) must not.
	const original = await sendValid(`replayed ${target.vendor}`);
	const headers = { 'content-type': 'application/json', [target.scheme.header]: sign(target.scheme, target.secret, original) };
	const pretty = JSON.stringify(JSON.parse(original), null, 2);
	const expectBodyIncludes = target.replayAnswerIncludes?.(JSON.parse(original) as Record<string, unknown>);
	const replays: HostileInput[] = Array.from({ length: REPLAYS }, (_, i) =>
		i % 4 === 3
			? { category: 'replay of a valid event', name: `re-encoded replay #${i}`, method: 'POST', headers: { 'content-type': 'application/json', [target.scheme.header]: sign(target.scheme, target.secret, pretty) }, body: pretty, expect: [200], expectBodyIncludes }
			: { category: 'replay of a valid event', name: `exact replay #${i}`, method: 'POST', headers, body: original, expect: [200], expectBodyIncludes },
	);
	for (let start = 0; start < replays.length; start += CONCURRENCY) {
		for (const outcome of await Promise.all(replays.slice(start, start + CONCURRENCY).map((input) => sendInput(target.url, input)))) tally(report, outcome);
	}
	await sendValid(`valid ${target.vendor} last`);

	const expectedRuns = before + report.validEventsSent;
	await executionsFinished(target.workflowId, expectedRuns, 60_000);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	report.runsStartedByHostileInputs = (await executions(target.workflowId)).length - expectedRuns;
	return report;
}

export function describeReport(target: HostileTarget, report: HostileReport): string {
	const lines = [`${target.vendor} trigger: tried ${report.tried} hostile inputs; they started ${report.runsStartedByHostileInputs} runs.`];
	lines.push(`Valid events sent in between: ${report.validEventsSent}, answered 200: ${report.validEventsAnswered200}.`);
	for (const [category, statuses] of report.byCategory) {
		lines.push(`  ${category}: ${[...statuses].map(([status, count]) => `${count}× ${status}`).join(', ')}`);
	}
	for (const outcome of report.unexpected) {
		lines.push(`  UNEXPECTED ${outcome.input.category} / ${outcome.input.name}: got ${outcome.status || outcome.error} (documented: ${outcome.input.expect.join(' or ')}) ${outcome.body}`);
	}
	return lines.join('\n');
}

/** The hostile-input tests for one trigger (called at the top level of a hostile-*.test.ts file). */
export function describeHostileSuite(target: () => HostileTarget): void {
	it('answers every generated bad request as documented, starts no run for any, and keeps answering valid events', async () => {
		const subject = target();
		const report = await runHostileSuite(subject);
		console.log(describeReport(subject, report));

		expect(report.tried).toBeGreaterThanOrEqual(200);
		expect(report.unexpected.map((o) => `${o.input.category} / ${o.input.name}: ${o.status || o.error}`)).toEqual([]);
		expect(report.runsStartedByHostileInputs).toBe(0);
		expect(report.validEventsAnswered200).toBe(report.validEventsSent);
	}, 120_000);

	// n8n parses a multipart body into form fields before the trigger runs, so the exact bytes a
	// signature covers are gone: the trigger answers 415 (the vendors send JSON) and starts no run.
	it('answers a multipart body with 415 (not a 5xx) and starts no run', async () => {
		const subject = target();
		const before = (await executions(subject.workflowId)).length;
		const outcomes = [];
		for (const input of multipartInputs(subject)) outcomes.push(await sendInput(subject.url, input));
		await new Promise((resolve) => setTimeout(resolve, 1500));

		expect(outcomes.map((o) => `${o.input.name}: ${o.status} ${o.body.slice(0, 120)}`)).toEqual(
			outcomes.map((o) => `${o.input.name}: ${o.input.expect.includes(o.status) ? o.status : o.input.expect.join(' or ')} ${o.body.slice(0, 120)}`),
		);
		expect((await executions(subject.workflowId)).length).toBe(before);
	}, 30_000);
}
