#!/usr/bin/env node
import { main } from '../src/cli.ts';

// Run by this workspace's own `npm run generate -w rules`: that is the command the headers name.
const inRepo = process.env.npm_package_name === '@sieve/rules' && process.env.npm_lifecycle_event === 'generate';
process.exitCode = main(process.argv.slice(2), console.log, inRepo ? 'npm run generate -w rules' : undefined);
