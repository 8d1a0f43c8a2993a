export function redirectInkOutput(request: string, importer: string | undefined): string | undefined;
