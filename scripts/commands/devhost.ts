import { runDevhost } from '../../devhost/main';

export async function runDevhostCommand(opts: { port?: number }): Promise<void> {
  await runDevhost({ port: opts.port });
}
