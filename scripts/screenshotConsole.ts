/**
 * `npm run screenshot:console`: the picture of the sandbox console in the README. Starts what
 * `npm start` starts (its own n8n folder, free ports), plays an Avaya conversation by typing in the
 * console in headless Chromium (both sides, with a 503 from Avaya on the way), and saves the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { launchChromium, type Browser } from '../test/harness/chromium';
import { ConsolePage, eventually } from '../test/harness/consolePage';
import { ensureN8nInstalled } from '../test/harness/n8nHost';
import { stopLeftoverN8n } from '../test/harness/n8nInstance';
import { REPO_ROOT, RUN_DIR } from '../test/harness/paths';
import { freePort } from '../test/harness/ports';
import { startDemo, type Demo } from './demo';

const WORK_DIR = path.join(RUN_DIR, 'screenshot');
const USER_FOLDER = path.join(WORK_DIR, 'n8n');
const CONSOLE_SCREENSHOT = path.join(REPO_ROOT, 'sandbox', 'console', 'screenshot.png');
const END_USER = '+14155550123';

async function play(page: ConsolePage): Promise<void> {
	await page.open('avaya');
	// The agent is typed here, not simulated.
	await page.panel('avaya').getByTestId('auto-reply').uncheck();
	await page.startConversation('avaya', END_USER);
	await page.endUserSends('avaya', 'Hi, I was charged twice for order 1042');
	await page.settledBubbles('avaya', 'agent', 1);
	await page.agentSends('avaya', 'Sorry about that! Let me look at order 1042.');
	await page.settledBubbles('avaya', 'phone', 2);
	await page.fault('avaya', '503', { kind: 'send' });
	await page.endUserSends('avaya', 'Thanks, both charges were on May 3');
	await page.settledBubbles('avaya', 'agent', 3, (bubbles) => bubbles[2].statuses[0] === 'accepted');
	await page.agentSends('avaya', 'I have refunded the second charge; it shows in 3 to 5 days.', 'agent');
	await page.settledBubbles('avaya', 'phone', 4);
	await page.agentSends('avaya', 'Anything else I can help with? Reply YES to talk to an agent.', 'bot');
	await page.settledBubbles('avaya', 'agent', 5);
	await page.settledBubbles('avaya', 'phone', 5);
	// The message that met the 503: its requests are highlighted in the log, the accepted one opened.
	await page.panel('avaya').getByTestId('agent-thread').locator('li.bubble', { hasText: 'May 3' }).click();
	await eventually(() => page.panel('avaya').getByTestId('traffic-detail').innerText(), (text) => text.includes('Bearer <redacted>'), 'the request detail');
}

async function main(): Promise<void> {
	await ensureN8nInstalled();
	await stopLeftoverN8n(USER_FOLDER);
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	let demo: Demo | undefined;
	let browser: Browser | undefined;
	try {
		demo = await startDemo({ userFolder: USER_FOLDER, n8nPort: await freePort(), sandboxPort: await freePort(), onStep: (line) => console.log(`▸ ${line}`) });
		browser = await launchChromium({ width: 1440, height: 900 });
		await play(new ConsolePage(browser.page, demo.sandbox.consoleUrl));
		await browser.page.screenshot({ path: CONSOLE_SCREENSHOT, fullPage: true });
		console.log(`Saved ${path.relative(process.cwd(), CONSOLE_SCREENSHOT)}`);
	} finally {
		await browser?.close();
		await (demo ? demo.stop() : stopLeftoverN8n(USER_FOLDER));
	}
}

main().catch((error: unknown) => {
	console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
