/**
 * The built-in locks. A `mutex` is its owner's pid or null; an `rwlock` is a writer pid or null plus
 * the sorted set of reader pids. Acquisition returns `undefined` when it would block (the generated
 * step is then disabled); misuse throws a `lock_error` SpecError.
 */
import { SpecError } from "./model.js";

/** A mutex: the pid of its owner, or null when free. */
export type Mutex = number | null;

/** A reader-writer lock (a type alias, not an interface, so that it is a plain `Value`). */
export type RwLock = {
  readonly writer: number | null;
  readonly readers: readonly number[];
};

export const FREE_RWLOCK: RwLock = { writer: null, readers: [] };

function misuse(message: string, loc: string): SpecError {
  return new SpecError("lock_error", message, loc);
}

export function mutexAcquire(m: Mutex, pid: number, name: string, loc: string): Mutex | undefined {
  if (m === pid) throw misuse(`acquire ${name}: the process already holds it`, loc);
  return m === null ? pid : undefined;
}

export function mutexRelease(m: Mutex, pid: number, name: string, loc: string): Mutex {
  if (m !== pid) throw misuse(`release ${name}: the process does not hold it`, loc);
  return null;
}

export function readLock(l: RwLock, pid: number, name: string, loc: string): RwLock | undefined {
  if (l.writer === pid) throw misuse(`read_lock ${name}: the process holds it for write`, loc);
  if (l.readers.includes(pid)) throw misuse(`read_lock ${name}: the process already holds it for read`, loc);
  if (l.writer !== null) return undefined;
  return { writer: null, readers: [...l.readers, pid].sort((a, b) => a - b) };
}

export function readUnlock(l: RwLock, pid: number, name: string, loc: string): RwLock {
  if (!l.readers.includes(pid)) throw misuse(`read_unlock ${name}: the process does not hold it for read`, loc);
  return { writer: l.writer, readers: l.readers.filter((r) => r !== pid) };
}

export function writeLock(l: RwLock, pid: number, name: string, loc: string): RwLock | undefined {
  if (l.writer === pid) throw misuse(`write_lock ${name}: the process already holds it for write`, loc);
  if (l.readers.includes(pid)) throw misuse(`write_lock ${name}: the process holds it for read`, loc);
  if (l.writer !== null || l.readers.length > 0) return undefined;
  return { writer: pid, readers: [] };
}

export function writeUnlock(l: RwLock, pid: number, name: string, loc: string): RwLock {
  if (l.writer !== pid) throw misuse(`write_unlock ${name}: the process does not hold it for write`, loc);
  return { writer: null, readers: l.readers };
}

/** True when `pid` holds the mutex, or the rwlock for write. */
export function holds(l: Mutex | RwLock, pid: number): boolean {
  return l !== null && typeof l === "object" ? l.writer === pid : l === pid;
}

/** True when `pid` holds the rwlock for read. */
export function holdsRead(l: RwLock, pid: number): boolean {
  return l.readers.includes(pid);
}

/** True when anyone holds the lock. */
export function locked(l: Mutex | RwLock): boolean {
  return l !== null && typeof l === "object" ? l.writer !== null || l.readers.length > 0 : l !== null;
}

/** True when `pid` holds the lock in any mode (used when a process ends: it must hold none). */
export function heldBy(l: Mutex | RwLock, pid: number): boolean {
  return l !== null && typeof l === "object" ? l.writer === pid || l.readers.includes(pid) : l === pid;
}
