/** A minimal PNG encoder (8-bit RGB, no interlace) on node's zlib: no image dependency needed. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

/** An RGB raster: `pixels` holds width*height*3 bytes, row by row. */
export class Raster {
	readonly pixels: Buffer;

	constructor(
		readonly width: number,
		readonly height: number,
		background: [number, number, number] = [255, 255, 255],
	) {
		this.pixels = Buffer.alloc(width * height * 3);
		for (let i = 0; i < width * height; i++) this.pixels.set(background, i * 3);
	}

	set(x: number, y: number, rgb: readonly [number, number, number]): void {
		const px = Math.round(x);
		const py = Math.round(y);
		if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
		this.pixels.set(rgb, (py * this.width + px) * 3);
	}

	fillRect(x: number, y: number, w: number, h: number, rgb: readonly [number, number, number]): void {
		for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) this.set(x + dx, y + dy, rgb);
	}

	/** A line `thickness` pixels wide (Bresenham with a square pen). */
	line(x0: number, y0: number, x1: number, y1: number, rgb: readonly [number, number, number], thickness = 1): void {
		const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
		const offset = Math.floor(thickness / 2);
		for (let i = 0; i <= steps; i++) {
			const x = x0 + ((x1 - x0) * i) / steps;
			const y = y0 + ((y1 - y0) * i) / steps;
			this.fillRect(Math.round(x) - offset, Math.round(y) - offset, thickness, thickness, rgb);
		}
	}

	toPng(): Buffer {
		const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const header = Buffer.alloc(13);
		header.writeUInt32BE(this.width, 0);
		header.writeUInt32BE(this.height, 4);
		header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour RGB, deflate, no filter method, no interlace
		const rowBytes = this.width * 3;
		const filtered = Buffer.alloc((rowBytes + 1) * this.height);
		for (let y = 0; y < this.height; y++) {
			filtered[y * (rowBytes + 1)] = 0; // filter type None
			this.pixels.copy(filtered, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
		}
		return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(filtered)), chunk('IEND', Buffer.alloc(0))]);
	}
}
