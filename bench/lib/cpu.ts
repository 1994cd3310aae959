/**
 * CPU time of a process from /proc (Linux): its main thread alone (where n8n's event loop runs
 * every node, expression and database call of an execution), and everything it and its child
 * processes use (libuv's pool, where SQLite and some crypto run, V8's helper threads, and n8n's
 * JS task runner, where Code nodes run).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

import { childPids } from './rss';

export interface CpuTimes {
	/** utime + stime of the main thread, /proc/<pid>/task/<pid>/stat, in ms. */
	mainThreadMs: number;
	/**
	 * utime + stime of every thread of the process (/proc/<pid>/stat) plus its children: those it
	 * reaped (cutime + cstime) and those alive (each one's utime + stime), in ms.
	 */
	withChildrenMs: number;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU times. */
export function clockTicksPerSecond(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100; // USER_HZ on every mainstream Linux build
		}
	}
	return ticksPerSecond;
}

/** Fields of a /proc stat line by their number in proc(5) (1 = pid, 2 = comm, …). */
function statField(stat: string, field: number): number {
	// The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const value = Number(rest[field - 3]); // rest[0] is field 3 (state)
	if (!Number.isFinite(value)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
	return value;
}

/** utime + stime (fields 14 and 15) of a /proc stat line, in clock ticks. */
export function cpuTicksOfStat(stat: string): number {
	return statField(stat, 14) + statField(stat, 15);
}

/** cutime + cstime (fields 16 and 17): the CPU of children the process has waited for, in clock ticks. */
export function reapedChildTicksOfStat(stat: string): number {
	return statField(stat, 16) + statField(stat, 17);
}

function processTicks(pid: number): number {
	try {
		return cpuTicksOfStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return 0; // ended while we looked: its time is in the parent's cutime once reaped
	}
}

export function readCpuTimes(pid: number): CpuTimes {
	const msPerTick = 1000 / clockTicksPerSecond();
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const children = childPids(pid).reduce((sum, child) => sum + processTicks(child), 0);
	return {
		mainThreadMs: cpuTicksOfStat(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')) * msPerTick,
		withChildrenMs: (cpuTicksOfStat(stat) + reapedChildTicksOfStat(stat) + children) * msPerTick,
	};
}

export function cpuSince(before: CpuTimes, after: CpuTimes): CpuTimes {
	return { mainThreadMs: after.mainThreadMs - before.mainThreadMs, withChildrenMs: after.withChildrenMs - before.withChildrenMs };
}
