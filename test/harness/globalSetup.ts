import { startTestBed } from './testBed';
import { keepTestBed } from './testBedGlobal';

export default async function globalSetup(): Promise<void> {
	keepTestBed(await startTestBed());
}
