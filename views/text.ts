import cliTruncate from 'cli-truncate';
import stringWidth from './render/text-width.js';

/** Exactly `width` cells: elided with … when too long, padded when short. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const plain = isPlainAscii(text);
	const cells = plain ? text.length : stringWidth(text);
	if (cells > width) return plain ? `${text.slice(0, width - 1)}…` : cliTruncate(text, width, {position: 'end'});
	const pad = ' '.repeat(width - cells);
	return align === 'right' ? pad + text : text + pad;
}

function isPlainAscii(text: string): boolean {
	return /^[\x20-\x7e]*$/.test(text);
}
