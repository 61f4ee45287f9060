// A stand-in "agent" for testing the harness: burns a known fraction of one core, measured in its
// own CPU time (not wall time), so it still uses the intended CPU when the machine is busy.
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
// Burn until the CPU used since start reaches duty × elapsed wall time, then sleep one period. When
// other processes delay it, it catches up later (the deficit carried is capped at MAX_DEBT_MS so it
// never turns into a long full-core burst), so the average over a run stays at `duty`.
const MAX_DEBT_MS = 250;
const startWall = Date.now();
const startCpu = cpuMicros();

function tick() {
  const elapsedMs = Date.now() - startWall;
  let owed = duty * elapsedMs * 1000 - (cpuMicros() - startCpu);
  owed = Math.min(owed, MAX_DEBT_MS * 1000);
  const begin = cpuMicros();
  while (cpuMicros() - begin < owed) {
    x = (x * 1103515245 + 12345) % 2147483648; // busy work
  }
  setTimeout(tick, periodMs * (1 - duty));
}

tick();
// With FAKE_AGENT_LOG set, append "<epoch ms> <own CPU µs from getrusage>" every 100 ms, so a test
// can compare the harness's /proc reading with the agent's own accounting over the same window.
if (process.env.FAKE_AGENT_LOG) {
  const fs = require('node:fs');
  const log = () => fs.appendFileSync(process.env.FAKE_AGENT_LOG, `${Date.now()} ${cpuMicros()}\n`);
  log();
  setInterval(log, 100);
}
process.stdout.write(`ready ${ballast.length}\n`);
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0));
}
