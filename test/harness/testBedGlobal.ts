import type { TestBed } from './testBed';

declare global {
	// jest runs globalSetup and globalTeardown in the same process: the running test bed is kept here.
	var __contactCenterSmsTestBed: TestBed | undefined;
}

export function keepTestBed(bed: TestBed | undefined): void {
	globalThis.__contactCenterSmsTestBed = bed;
}

export function keptTestBed(): TestBed | undefined {
	return globalThis.__contactCenterSmsTestBed;
}
