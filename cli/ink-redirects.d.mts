export const INK_REDIRECTED: RegExp;
export function redirectInk(request: string, importer: string | undefined): string | undefined;
