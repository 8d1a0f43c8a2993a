/** A tag edit as typed: `Key=Value` sets a tag, `-Key` removes one, entries separated by commas. */
export interface TagEdit {
	set: Record<string, string>;
	remove: string[];
}

export const TAG_EDIT_SYNTAX = 'Key=Value sets, -Key removes, commas between';

/** Parses a tag edit; throws with the entry at fault and the syntax when it cannot. */
export function parseTagEdit(text: string): TagEdit {
	const edit: TagEdit = {set: {}, remove: []};
	for (const raw of text.split(',')) {
		const entry = raw.trim();
		if (!entry) continue;
		const at = entry.indexOf('=');
		const key = (entry.startsWith('-') ? entry.slice(1) : at === -1 ? '' : entry.slice(0, at)).trim();
		if (!key) throw new Error(`"${entry}" is not a tag edit; write ${TAG_EDIT_SYNTAX}`);
		if (key.toLowerCase().startsWith('aws:')) throw new Error(`"${key}" is reserved by AWS and cannot be changed`);
		if (entry.startsWith('-')) edit.remove.push(key);
		else edit.set[key] = entry.slice(at + 1).trim();
	}
	if (Object.keys(edit.set).length === 0 && edit.remove.length === 0) throw new Error(`no tag changes given; write ${TAG_EDIT_SYNTAX}`);
	return edit;
}
