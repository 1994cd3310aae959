/**
 * `npm run screenshot:templates`: the pictures of the example workflows in the README. Starts what
 * `npm start` starts (its own n8n folder, free ports), signs into the real n8n editor as the demo
 * owner in headless Chromium, opens each template on the canvas, fits it to the view and saves it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { launchChromium, type Browser } from '../test/harness/chromium';
import { ensureN8nInstalled } from '../test/harness/n8nHost';
import { stopLeftoverN8n } from '../test/harness/n8nInstance';
import { REPO_ROOT, RUN_DIR, TEMPLATES_DIR } from '../test/harness/paths';
import { freePort } from '../test/harness/ports';
import { startDemo, type Demo } from './demo';
import { DEMO_OWNER } from './ownerAccount';

const WORK_DIR = path.join(RUN_DIR, 'screenshot-templates');
const USER_FOLDER = path.join(WORK_DIR, 'n8n');
const SCREENSHOT_DIR = path.join(TEMPLATES_DIR, 'screenshots');
const PACKAGE_NAME = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }).name;
const VIEWPORT = { width: 1600, height: 900 };

/** The templates pictured; each picture is named after its template file. */
const TEMPLATE_FILES = ['genesys-webex-receipts.json', 'avaya-sms-bridge.json'];

interface Template {
	id: string;
	nodeCount: number;
	/** Nodes of this package: n8n draws their icons (SVG files of the package) as images. */
	packageNodeCount: number;
	picture: string;
}

function readTemplate(file: string): Template {
	const workflow = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as { id: string; nodes: Array<{ type: string }> };
	return {
		id: workflow.id,
		nodeCount: workflow.nodes.length,
		packageNodeCount: workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`)).length,
		picture: file.replace(/\.json$/, '.png'),
	};
}

async function signIn(page: Page, n8nUrl: string): Promise<void> {
	await page.goto(`${n8nUrl}/signin`);
	await page.locator('input[type="email"]').fill(DEMO_OWNER.email);
	await page.locator('input[type="password"]').fill(DEMO_OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** The part of an <img> element read in the page (this project compiles without the DOM types). */
interface ImageLike {
	src: string;
	decode(): Promise<void>;
}

/** Resolves once the canvas's pan and zoom stopped moving (n8n animates zoom changes). */
async function canvasSettled(page: Page): Promise<void> {
	const transform = () => page.locator('.vue-flow__transformationpane').getAttribute('style');
	let last = await transform();
	for (let attempt = 0; attempt < 50; attempt++) {
		await page.waitForTimeout(200);
		const now = await transform();
		if (now === last) return;
		last = now;
	}
	throw new Error('the canvas kept moving for 10 s');
}

/** Opens the workflow on the canvas, waits until every node and sticky note is drawn (icons loaded), and fits it to the view. */
async function openOnCanvas(page: Page, n8nUrl: string, template: Template): Promise<void> {
	await page.goto(`${n8nUrl}/workflow/${template.id}`);
	const nodes = page.locator('.vue-flow__node');
	await nodes.nth(template.nodeCount - 1).waitFor();
	const drawn = await nodes.count();
	if (drawn !== template.nodeCount) throw new Error(`workflow ${template.id}: the canvas drew ${drawn} nodes, the template has ${template.nodeCount}`);
	await page.waitForLoadState('networkidle');
	const brokenIcons = await page.locator('.vue-flow__node img').evaluateAll((images: ImageLike[]) =>
		Promise.all(images.map((image) => image.decode().then(() => '', () => image.src))),
	);
	if (brokenIcons.length < template.packageNodeCount) throw new Error(`workflow ${template.id}: ${brokenIcons.length} icon images for ${template.packageNodeCount} nodes of this package`);
	if (brokenIcons.some(Boolean)) throw new Error(`workflow ${template.id}: icons that did not load: ${brokenIcons.filter(Boolean).join(', ')}`);
	// A click on the empty canvas gives it the keyboard; "1" is n8n's zoom to fit, "-" one step out
	// so the floating "Execute workflow" button does not cover the lowest nodes.
	await page.locator('.vue-flow__pane').click({ position: { x: 5, y: VIEWPORT.height / 2 } });
	await page.keyboard.press('1');
	await canvasSettled(page);
	await page.keyboard.press('-');
	await canvasSettled(page);
}

async function main(): Promise<void> {
	await ensureN8nInstalled();
	await stopLeftoverN8n(USER_FOLDER);
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	let demo: Demo | undefined;
	let browser: Browser | undefined;
	try {
		demo = await startDemo({ userFolder: USER_FOLDER, n8nPort: await freePort(), sandboxPort: await freePort(), onStep: (line) => console.log(`▸ ${line}`) });
		browser = await launchChromium(VIEWPORT);
		await signIn(browser.page, demo.n8n.baseUrl);
		for (const template of TEMPLATE_FILES.map(readTemplate)) {
			await openOnCanvas(browser.page, demo.n8n.baseUrl, template);
			const file = path.join(SCREENSHOT_DIR, template.picture);
			await browser.page.screenshot({ path: file });
			console.log(`Saved ${path.relative(process.cwd(), file)}`);
		}
	} finally {
		await browser?.close();
		await (demo ? demo.stop() : stopLeftoverN8n(USER_FOLDER));
	}
}

main().catch((error: unknown) => {
	console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
