import type { Command } from 'commander';
import { outboxStats } from '../store/outbox.ts';
import { withRuntime } from './runtime.ts';

/** `sitewatch outbox`: alert outbox depth for operators (issue 7 §8). */
export function registerOutboxCommand(program: Command): void {
  program
    .command('outbox')
    .description(
      'print the alert outbox as JSON: pending and failed deliveries, and the age of the oldest pending one',
    )
    .action(async () =>
      withRuntime(async ({ deps }) => {
        console.log(JSON.stringify(await outboxStats(deps.db, deps.clock.now(), { settled: true }), null, 2));
      }),
    );
}
