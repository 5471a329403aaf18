import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createEvaluationPool, EvaluationTimeoutError } from './pool.ts';
import type { StepTask } from './step.ts';

const task = (
  body: string,
  assertions: StepTask['rules']['assertions'],
  variables: StepTask['rules']['variables'] = [],
): StepTask => ({
  rules: { assertions, variables },
  obs: { status: 200, headers: {}, body, seconds: 0.1 },
});

describe('evaluation pool', () => {
  const pool = createEvaluationPool({ size: 1 });
  after(() => pool.close());
  const signal = () => AbortSignal.timeout(10_000);

  it('judges a step on a worker thread: assertions and captured variables', async () => {
    const body = JSON.stringify({ order: { id: 42, state: 'paid' } });
    const ok = await pool.evaluate(
      task(
        body,
        [{ source: 'JSON Response', property: 'order.state', comparison: 'equals', value: 'paid' }],
        [{ name: 'id', property: 'order.id' }],
      ),
      { signal: signal(), timeoutMs: 5000 },
    );
    assert.equal(ok.problem, null);
    assert.deepEqual(ok.vars, [['id', '42']]);
    assert.ok(ok.cpuMs >= 0);
    const bad = await pool.evaluate(
      task(body, [{ source: 'JSON Response', property: 'order.state', comparison: 'equals', value: 'new' }]),
      { signal: signal(), timeoutMs: 5000 },
    );
    assert.equal(bad.problem?.message, 'JSON Response order.state equals "new" failed: got "paid"');
  });

  it('an evaluation past its limit is stopped, and the pool goes on with a new worker', async () => {
    // Parsing ~8 MB of JSON and reading 100 paths takes far longer than the 5 ms allowed here.
    const big = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `item ${i}` })));
    const paths = Array.from({ length: 100 }, (_, i) => ({
      source: 'JSON Response',
      property: `[${i}].id`,
      comparison: 'exists',
      value: '',
    }));
    await assert.rejects(
      pool.evaluate(task(big, paths), { signal: signal(), timeoutMs: 5 }),
      EvaluationTimeoutError,
    );
    const next = await pool.evaluate(
      task('fine', [{ source: 'Response', property: '', comparison: 'contains', value: 'fine' }]),
      { signal: signal(), timeoutMs: 5000 },
    );
    assert.equal(next.problem, null);
  });

  it('a check that ends while its task waits leaves the queue', async () => {
    const gone = new AbortController();
    const busy = pool.evaluate(task('x', []), { signal: signal(), timeoutMs: 5000 });
    const waiting = pool.evaluate(task('x', []), { signal: gone.signal, timeoutMs: 5000 });
    gone.abort(new Error('deadline'));
    await assert.rejects(waiting, /deadline/);
    assert.equal((await busy).problem, null);
  });
});
