// Preloaded into a service (NODE_OPTIONS=--import, since Node 20 refuses --cpu-prof there) when
// BENCH_CPU_PROFILE_DIR is set: records a V8 CPU profile and writes it when the process exits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_OUT;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // Same-thread inspector messages are dispatched synchronously, so this completes inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
