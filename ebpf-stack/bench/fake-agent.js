// A stand-in "agent" for testing the harness: burns a known fraction of one core, measured in its
// own CPU time (not wall time), so it still uses the intended CPU when the machine is busy.
// Every PERIOD_MS it spins until process.cpuUsage() has advanced by DUTY × PERIOD_MS, then sleeps.
// Usage: node fake-agent.js <cores, e.g. 0.25> [periodMs=20]. Holds ~MEMORY_MIB of heap so memory
// readings have something to find. Prints "ready" once running; exits on SIGTERM/SIGINT.
'use strict';

const duty = Number(process.argv[2] ?? 0.25);
const periodMs = Number(process.argv[3] ?? 20);
if (!(duty > 0 && duty < 1)) {
  process.stderr.write('fake-agent: cores must be between 0 and 1\n');
  process.exit(2);
}
const ballast = Buffer.alloc(Number(process.env.MEMORY_MIB ?? 32) * 1024 * 1024, 1);

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const budgetMicros = duty * periodMs * 1000;
let x = 0;
// Periods start on a fixed wall-clock grid, so a busy stretch slowed by other processes does not
// stretch the period (which would lower the CPU rate).
let scheduled = Date.now();

function tick() {
  const start = cpuMicros();
  while (cpuMicros() - start < budgetMicros) {
    x = (x * 1103515245 + 12345) % 2147483648; // busy work
  }
  scheduled = Math.max(scheduled + periodMs, Date.now() - periodMs);
  setTimeout(tick, Math.max(0, scheduled - Date.now()));
}

tick();
process.stdout.write(`ready ${ballast.length}\n`);
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0));
}
