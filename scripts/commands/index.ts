// Registers every `realty` command besides `devhost` (which is built into cli.ts).
export function registerAllCommands(): void {}
