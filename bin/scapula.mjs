#!/usr/bin/env node
// Entry of the `scapula` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../engine/cli/main.ts');
