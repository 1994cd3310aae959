/**
 * `npx tsx bench/profile.ts`: CPU profiles of n8n's main thread while it runs one bridge's
 * contenders, one contender at a time on the same n8n (the bench bed), so their costs can be
 * compared frame by frame. Writes each profile (.cpuprofile, for Chrome's DevTools) and a summary
 * into the run's folder and prints the summaries.
 *
 * PROFILE_VENDOR=avaya|genesys (default avaya), PROFILE_MESSAGES (per contender and round,
 * default 200), PROFILE_ROUNDS (alternated profiled rounds, default 2), PROFILE_CONTENDERS
 * (default ours,builder,f1). Bounded: a few hundred events per contender, all on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort } from '../test/harness/ports';
import { startBenchBed, type BenchBed } from './lib/benchBed';
import { Inspector, summarize, type CpuProfile, type ProfileSummary } from './lib/cpuProfile';
import { formatNumber } from './lib/report';
import { runRound, type BridgeOptions } from './scenarios/bridge';
import { avayaBridge, genesysBridge, type BridgeContender, type ContenderKey } from './scenarios/bridgeContenders';

const VENDOR = process.env.PROFILE_VENDOR ?? 'avaya';
const MESSAGES = Number(process.env.PROFILE_MESSAGES ?? 200);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 2);
const CONTENDERS = (process.env.PROFILE_CONTENDERS ?? 'ours,builder,f1').split(',') as ContenderKey[];
const SAMPLING_US = 250;
const TOP = 40;

const log = (line: string) => process.stderr.write(`[profile] ${line}\n`);

function merge(profiles: CpuProfile[]): ProfileSummary[] {
	return profiles.map(summarize);
}

/** Adds up several summaries (rounds) into one, per message. */
function perMessage(summaries: ProfileSummary[], messages: number): ProfileSummary {
	const sum = (pick: (s: ProfileSummary) => Array<[string, number]>) => {
		const total = new Map<string, number>();
		for (const s of summaries) for (const [key, ms] of pick(s)) total.set(key, (total.get(key) ?? 0) + ms / messages);
		return [...total].sort((a, b) => b[1] - a[1]);
	};
	return {
		busyMs: summaries.reduce((total, s) => total + s.busyMs, 0) / messages,
		selfByPackage: sum((s) => s.selfByPackage),
		selfByFunction: sum((s) => s.selfByFunction),
		inclusive: sum((s) => s.inclusive),
	};
}

function render(label: string, s: ProfileSummary, cpuMs: number): string {
	const lines = [`## ${label}`, `sampled busy ${formatNumber(s.busyMs, 2)} ms/msg; /proc main-thread CPU ${formatNumber(cpuMs, 2)} ms/msg`, '', 'self by package (ms/msg):'];
	for (const [key, ms] of s.selfByPackage.slice(0, 20)) lines.push(`  ${formatNumber(ms, 3).padStart(8)}  ${key}`);
	lines.push('', 'self by function (ms/msg):');
	for (const [key, ms] of s.selfByFunction.slice(0, TOP)) lines.push(`  ${formatNumber(ms, 3).padStart(8)}  ${key}`);
	lines.push('', 'inclusive (ms/msg):');
	for (const [key, ms] of s.inclusive.slice(0, TOP * 2)) lines.push(`  ${formatNumber(ms, 3).padStart(8)}  ${key}`);
	return lines.join('\n');
}

async function main(): Promise<void> {
	const port = await freePort();
	let bed: BenchBed | undefined;
	try {
		bed = await startBenchBed({ env: { NODE_OPTIONS: `--inspect=127.0.0.1:${port}` } });
		const inspector = await Inspector.connect(port);
		const spec = VENDOR === 'genesys' ? genesysBridge(bed) : avayaBridge(bed, { expireTokensFirst: false });
		await spec.beforeFirstRound?.();
		const options: BridgeOptions = { latenciesMs: [0], messagesPerRound: MESSAGES, rounds: ROUNDS, warmUpRounds: 1, senders: 20 };
		const contenders = CONTENDERS.map((key) => spec.contenders.find((c) => c.key === key)).filter(Boolean) as BridgeContender[];
		for (const contender of contenders) await runRound(bed, spec, contender, `profile-${VENDOR}-warm-${contender.key}`, options);
		const profiles = new Map<ContenderKey, CpuProfile[]>();
		const cpu = new Map<ContenderKey, number[]>();
		for (let round = 0; round < ROUNDS; round++) {
			for (let i = 0; i < contenders.length; i++) {
				const contender = contenders[(i + round) % contenders.length];
				await inspector.start(SAMPLING_US);
				const figures = await runRound(bed, spec, contender, `profile-${VENDOR}-r${round}-${contender.key}`, options);
				const profile = await inspector.stop();
				fs.writeFileSync(path.join(bed.runDir, `${VENDOR}-${contender.key}-r${round}.cpuprofile`), JSON.stringify(profile));
				profiles.set(contender.key, [...(profiles.get(contender.key) ?? []), profile]);
				cpu.set(contender.key, [...(cpu.get(contender.key) ?? []), figures.mainCpuMsPerMessage]);
				log(`round ${round + 1}/${ROUNDS} ${contender.key}: ${formatNumber(figures.messagesPerSecond, 1)} msg/s, ${formatNumber(figures.mainCpuMsPerMessage, 2)} ms main-thread CPU per message (profiler on)`);
			}
		}
		inspector.close();
		const report: string[] = [];
		for (const contender of contenders) {
			const summary = perMessage(merge(profiles.get(contender.key) ?? []), MESSAGES * ROUNDS);
			const cpus = cpu.get(contender.key) ?? [];
			report.push(render(`${VENDOR} ${contender.label}`, summary, cpus.reduce((a, b) => a + b, 0) / cpus.length));
		}
		const text = report.join('\n\n');
		const file = path.join(bed.runDir, `${VENDOR}-profile-summary.txt`);
		fs.writeFileSync(file, text);
		console.log(`${text}\n\nProfiles and summary in ${bed.runDir}`);
	} finally {
		await bed?.stop();
	}
}

main().catch((error: unknown) => {
	console.error('profile failed:', error);
	process.exitCode = 1;
});
