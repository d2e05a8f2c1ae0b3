#!/usr/bin/env node
import { main } from '../src/cli.ts';
import { IN_REPO_COMMAND } from '../src/provisioning.ts';

// Run by this workspace's own `npm run generate -w dashboards`: that is the command the header names.
const inRepo = process.env.npm_package_name === '@sieve/dashboards' && process.env.npm_lifecycle_event === 'generate';
process.exitCode = main(process.argv.slice(2), console.log, inRepo ? IN_REPO_COMMAND : undefined);
