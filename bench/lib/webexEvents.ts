/** Signed Webex Connect delivery notifications, as Webex posts them to a notify URL (built by the sandbox). */
import { randomUUID } from 'node:crypto';

import { STATUS, type DeliveryInfoNotification } from '../../nodes/WebexConnect/contract';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { deliveryReport, encodeNotification } from '../../sandbox/vendors/webexNotifications';

export const WEBEX_RECIPIENT = '+16505550123';

/** A `Delivered` report of a fresh message (its own transid) whose callbackData is `callbackData`. */
export function deliveredNotification(callbackData: string): DeliveryInfoNotification {
	const message = { transid: randomUUID(), msisdn: WEBEX_RECIPIENT, correlationid: '', callbackData, notifyUrl: '', finalCode: STATUS.delivered };
	return deliveryReport(message, STATUS.delivered);
}

/** The bytes and headers Webex would send for `notification`, signed with the service's hub secret. */
export function signedWebexRequest(notification: DeliveryInfoNotification, service = DEFAULT_WEBEX_SERVICE): { body: string; headers: Record<string, string> } {
	const { bytes, headers } = encodeNotification(notification, service);
	return { body: bytes, headers };
}
