/** Resident memory of a process and its children, from /proc (Linux). */
import * as fs from 'node:fs';

/** VmRSS in MB, or undefined when the process is gone. */
export function rssMb(pid: number): number | undefined {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Direct children of `pid` (n8n's JS task runner is one). */
export function childPids(pid: number): number[] {
	const children: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) children.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return children;
}

export interface RssSample {
	mainMb: number;
	childrenMb: number;
}

export function sampleTree(pid: number): RssSample {
	const childrenMb = childPids(pid).reduce((sum, child) => sum + (rssMb(child) ?? 0), 0);
	return { mainMb: rssMb(pid) ?? 0, childrenMb };
}

/** Samples `pid` and its children every `everyMs` until stopped; reports the peaks. */
export function startRssSampler(pid: number, everyMs = 100): { stop(): { peakMainMb: number; peakChildrenMb: number; samples: number } } {
	let peakMainMb = 0;
	let peakChildrenMb = 0;
	let samples = 0;
	const take = () => {
		const sample = sampleTree(pid);
		peakMainMb = Math.max(peakMainMb, sample.mainMb);
		peakChildrenMb = Math.max(peakChildrenMb, sample.childrenMb);
		samples++;
	};
	take();
	const timer = setInterval(take, everyMs);
	return {
		stop() {
			clearInterval(timer);
			take();
			return { peakMainMb, peakChildrenMb, samples };
		},
	};
}
