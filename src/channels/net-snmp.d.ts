// The part of net-snmp (plain JavaScript, no published types) the SNMP channel and its tests use.
declare module 'net-snmp' {
  import type { Socket } from 'node:dgram';
  import type { EventEmitter } from 'node:events';

  export const Version1: number;
  export const Version2c: number;
  export const ObjectType: { Integer: number; OctetString: number; OID: number; TimeTicks: number };

  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }

  export interface Session extends EventEmitter {
    trap(typeOrOid: string, varbinds: Varbind[], callback: (error: Error | null) => void): Session;
    close(): void;
  }

  export interface SessionOptions {
    version?: number;
    transport?: 'udp4' | 'udp6';
    port?: number;
    trapPort?: number;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;

  export interface Notification {
    pdu: {
      type: number;
      enterprise?: string;
      specific?: number;
      generic?: number;
      community?: string;
      varbinds: Varbind[];
    };
    rinfo: { address: string; port: number };
  }

  export interface Receiver {
    listener: { sockets: Record<string, Socket> };
    close(callback?: () => void): void;
  }

  export function createReceiver(
    options: Record<string, unknown>,
    callback: (error: Error | null, notification: Notification | null) => void,
  ): Receiver;

  const snmp: {
    Version1: typeof Version1;
    Version2c: typeof Version2c;
    ObjectType: typeof ObjectType;
    createSession: typeof createSession;
    createReceiver: typeof createReceiver;
  };
  export default snmp;
}
