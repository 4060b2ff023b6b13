export function bundleEntry(entry: string, outfile: string): Promise<string>;
export function bundleService(serviceDir: string): Promise<string>;
