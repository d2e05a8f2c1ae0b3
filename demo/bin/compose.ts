#!/usr/bin/env node
// Writes the configs docker-compose.yml mounts (demo/compose/) from rules/slos.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '@sieve/rules';
import { composeFiles } from '../src/compose/composeFiles.ts';
import { COMPOSE_DIR } from '../src/compose/services.ts';
import { DEFAULT_SPEC, REPO } from '../src/stack/stack.ts';

const spec = parseSpec(readFileSync(DEFAULT_SPEC, 'utf8'), DEFAULT_SPEC);
for (const [name, text] of Object.entries(composeFiles(spec))) {
  const path = join(REPO, COMPOSE_DIR, name);
  writeFileSync(path, text);
  console.log(`wrote ${join(COMPOSE_DIR, name)}`);
}
