import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/**
 * At most this many hashes run at once: each takes a core for ~15 ms, and on a 2-core machine a
 * login storm on all of libuv's 4 threads would starve the event loop serving everyone else.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  // A finished hash hands its slot straight to the next waiter, so the cap holds under bursts.
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** argon2id cost parameters (m in KiB). */
export interface HashCost {
  memoryKib: number;
  timeCost: number;
}

// Algorithm.Argon2id is a const enum upstream; its value is 2.
const ARGON2ID = 2;

/** Hashes on libuv's thread pool, so a login storm does not stall the event loop. */
export function hashPassword(password: string, cost: HashCost): Promise<string> {
  return limited(() =>
    hash(password, {
      algorithm: ARGON2ID,
      memoryCost: cost.memoryKib,
      timeCost: cost.timeCost,
      parallelism: 1,
    }),
  );
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/**
 * A verifier for unknown users: checks against a hash of a random secret with the same cost, so a
 * missing account takes as long as a wrong password.
 */
export function dummyVerifier(cost: HashCost): (password: string) => Promise<void> {
  let dummy: Promise<string> | undefined;
  return async (password) => {
    dummy ??= hashPassword(crypto.randomUUID(), cost);
    await verifyPassword(await dummy, password);
  };
}
