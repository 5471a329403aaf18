import { hash, verify } from '@node-rs/argon2';

/** argon2id cost parameters (m in KiB). */
export interface HashCost {
  memoryKib: number;
  timeCost: number;
}

// Algorithm.Argon2id is a const enum upstream; its value is 2.
const ARGON2ID = 2;

/** Hashes on libuv's thread pool, so a login storm does not stall the event loop. */
export function hashPassword(password: string, cost: HashCost): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKib,
    timeCost: cost.timeCost,
    parallelism: 1,
  });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
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
