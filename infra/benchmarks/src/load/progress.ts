/** Progress on stderr that overwrites itself on a terminal and prints sparse lines otherwise. */
export function progressLine(label: string): { update(text: string): void; done(text?: string): void } {
  const tty = process.stderr.isTTY === true;
  let lastPrinted = 0;
  return {
    update(text) {
      if (tty) {
        process.stderr.write(`\r\x1b[2K  ${label}: ${text}`);
        return;
      }
      const now = Date.now();
      if (now - lastPrinted >= 2_000) {
        lastPrinted = now;
        process.stderr.write(`  ${label}: ${text}\n`);
      }
    },
    done(text) {
      if (tty) process.stderr.write('\r\x1b[2K');
      if (text) process.stderr.write(`  ${label}: ${text}\n`);
    },
  };
}
