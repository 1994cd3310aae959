import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (package `chromium`, installed by .ci/run). Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (removed again on close), driven by playwright-core. */
export async function launchChromium(viewport = { width: 1440, height: 1000 }): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM_PATH)) {
		throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
	}
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-sms-chromium-'));
	try {
		// launchPersistentContext is how playwright takes a --user-data-dir: a fresh one per launch.
		const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, viewport });
		const page = context.pages()[0] ?? (await context.newPage());
		return {
			context,
			page,
			async close() {
				await context.close();
				fs.rmSync(profile, { recursive: true, force: true });
			},
		};
	} catch (error) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw error;
	}
}
