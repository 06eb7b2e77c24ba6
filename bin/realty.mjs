#!/usr/bin/env node
// The `realty` CLI. The project is TypeScript run through tsx, so this shim
// registers tsx's loader and hands over to scripts/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli.ts');
await main(process.argv);
