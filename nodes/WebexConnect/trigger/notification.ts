import type { IDataObject } from 'n8n-workflow';

import type { Classification } from '../../shared/webhook';
import { DELIVERY_STATUSES } from '../contract';

/** Final statuses: what the trigger runs for unless told otherwise. */
export const FINAL_STATUSES = DELIVERY_STATUSES.filter((status) => status !== 'Submitted');

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/**
 * The notification inside a body: `{deliveryInfoNotification: {…}}` as documented, or the inner object
 * itself (older senders). Extra keys are kept; timestamps stay strings as sent (with or without an offset).
 */
export function notificationOf(body: IDataObject): IDataObject | undefined {
	const wrapped = body.deliveryInfoNotification;
	const notification = isObject(wrapped) ? wrapped : body;
	return isObject(notification.deliveryInfo) ? notification : undefined;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface DeliveryItem {
	transid: string;
	deliveryStatus: string;
	code: string;
	description: string;
	destination: string;
	timeStamp: string;
	correlationid: string;
	callbackData: string;
	notification: IDataObject;
}

export function notificationToItem(notification: IDataObject): DeliveryItem {
	const info = notification.deliveryInfo as IDataObject;
	return {
		transid: text(notification.transid),
		deliveryStatus: text(info.deliveryStatus),
		code: text(info.code),
		description: text(info.Description ?? info.description),
		destination: text(info.destination),
		timeStamp: text(info.timeStamp),
		correlationid: text(notification.correlationid),
		callbackData: text(notification.callbackData),
		notification,
	};
}

/** Delivery notifications as the trigger pipeline needs them: bad, filtered out, or one status of one message to run. */
export function classifyNotification(body: IDataObject, statuses: string[]): Classification {
	const notification = notificationOf(body);
	if (!notification) return { kind: 'reject', status: 400, message: 'The body holds no deliveryInfoNotification' };
	const item = notificationToItem(notification);
	const missing = (['transid', 'deliveryStatus'] as const).filter((field) => !item[field]);
	if (missing.length) return { kind: 'reject', status: 400, message: `The notification lacks: ${missing.join(', ')}` };
	if (!statuses.some((status) => status.toLowerCase() === item.deliveryStatus.toLowerCase())) {
		return { kind: 'answer', answer: { status: 'ignored', reason: `delivery status "${item.deliveryStatus}" is not selected` } };
	}
	const answer = { status: 'accepted', transid: item.transid };
	return { kind: 'events', events: [{ id: `${item.transid}|${item.deliveryStatus}`, json: item as unknown as IDataObject }], answer };
}

