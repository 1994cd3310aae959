/**
 * `npm run sandbox`: the vendor simulator on its own, for trying flows without vendor accounts.
 * Usage: tsx sandbox/main.ts [--port 4100] [--latency 0]   (SANDBOX_PORT also sets the port)
 */
import { SANDBOX_DEFAULT_PORT } from './config';
import { startSandbox } from './server';

function flag(name: string): string | undefined {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	if (index >= 0) return args[index + 1];
	const inline = args.find((arg) => arg.startsWith(`--${name}=`));
	return inline?.slice(name.length + 3);
}

function numberOption(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		console.error(`${name} must be a non-negative integer, got ${value}`);
		process.exit(2);
	}
	return parsed;
}

async function main(): Promise<void> {
	const port = numberOption(flag('port') ?? process.env.SANDBOX_PORT, SANDBOX_DEFAULT_PORT, '--port');
	const latencyMs = numberOption(flag('latency'), 0, '--latency');
	const sandbox = await startSandbox({ port, config: { latencyMs } });

	const admin = `${sandbox.url}/_admin`;
	console.log(`Contact-center SMS sandbox listening on ${sandbox.url} (latency ${latencyMs} ms)`);
	console.log(`Console (every vendor's conversations, traffic and fault switches): ${sandbox.consoleUrl}\n`);
	for (const line of sandbox.describe()) console.log(line);
	console.log(`\nAdmin API (JSON): ${admin}`);
	for (const endpoint of [
		'GET  /health   GET|POST /config   POST /reset',
		'GET  /records?vendor=&kind=   GET /accepted?vendor=   GET /events   GET /tokens',
		'POST /faults {vendor, kind, path?, times?, fault}   DELETE /faults   GET /faults',
		'POST /avaya/validate {webhookUrl?}   POST /avaya/events {senderType, text, ...}',
		'POST /genesys/events {text, type?, to?, messageId?, webhookUrl?, ...}   GET /genesys/deliveries   GET /genesys/receipts',
		'POST /webex/notify-url {url}   POST /webex/notify {body, url?}   GET /webex/messages   GET /webex/notifications   GET /webex/probes',
		'POST /alvaria/sessions {keepAlive?}   POST /alvaria/interactions {interactionId?}   POST /alvaria/interactions/close   GET /alvaria/sent',
		'POST /ccai/sessions/end {end_user_number?}   GET /ccai/sessions   GET /ccai/chats   GET /ccai/rate-limited',
		'GET  /sms/outbound   POST /sms/inbound {from, to, text, webhookUrl?}   POST /raw {url, headers, body}',
	]) {
		console.log(`  ${endpoint}`);
	}
	console.log('\nSet the Avaya webhook URL with POST /_admin/avaya/validate {"webhookUrl": "<n8n trigger URL>"};');
	console.log('the Genesys one with POST /_admin/config {"genesys":{"tenants":[{"webhookUrl": "<n8n trigger URL>"}]}}. Ctrl+C stops.');

	const stop = (signal: string) => {
		console.log(`\n${signal}: stopping the sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error('sandbox failed to start:', error);
	process.exit(1);
});
