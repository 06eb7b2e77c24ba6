// Kept for scripts/commands/start.ts and seed-demo.ts until the CLI runs every plugin's `seed` from the registry.
export { type SeedDemoOptions, type SeedDemoSummary, seedDemoRegistry } from './seed';
