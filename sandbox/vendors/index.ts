import { createAlvaria } from './alvaria';
import { createAvaya } from './avaya';
import { createCcai } from './ccai';
import { createGenesys } from './genesys';
import { createLlm } from './llm';
import { createSmsProvider } from './sms';
import type { VendorFactory } from './types';
import { createWebex } from './webex';

/** Every simulated vendor; the server mounts each at its prefix. */
export const VENDOR_FACTORIES: VendorFactory[] = [createAvaya, createGenesys, createAlvaria, createCcai, createSmsProvider, createWebex, createLlm];
