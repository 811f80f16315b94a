#!/usr/bin/env node
// The npm registry mirror reachable here lacks some platform builds of optional native packages
// (e.g. @biomejs/cli-darwin-x64). `npm install` then silently leaves them out of package-lock.json
// and `npm ci` refuses the lockfile as incomplete. This adds lock entries for the missing platform
// variants, marked optional with their os/cpu, so `npm ci` skips them on this platform as it should.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platform =
  /-(android|darwin|linux|win32|freebsd|openbsd|sunos|aix)-(arm64|x64|ia32|arm|riscv64|ppc64|s390x|loong64)(?:-(musl|gnu|gnueabihf|msvc))?$/;
let added = 0;
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const match = platform.exec(name);
    const key = `node_modules/${name}`;
    if (!match || lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    const [, os, cpu, libc] = match;
    lock.packages[key] = {
      version,
      optional: true,
      ...(entry.dev ? { dev: true } : {}),
      os: [os],
      cpu: [cpu],
      ...(libc === 'musl' || libc === 'gnu' ? { libc: [libc === 'gnu' ? 'glibc' : 'musl'] } : {}),
    };
    added++;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`complete-lockfile: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
