import { stopTestBed } from './testBed';
import { keepTestBed, keptTestBed } from './testBedGlobal';

export default async function globalTeardown(): Promise<void> {
	const bed = keptTestBed();
	keepTestBed(undefined);
	if (bed) await stopTestBed(bed);
}
