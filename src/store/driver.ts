/**
 * Opening, repointing and closing the process's connection: the one default Executor
 * (executor.ts). Bolt to the embedded server and to an external server or cluster (neo4j://
 * routing) alike.
 */
import type { Driver } from 'neo4j-driver';
import { closeDefaultExecutor, type ExecutorSettings, useExecutor } from './executor.ts';

export type DriverSettings = ExecutorSettings;

/** Points the process at another server (tests with their own instance); closes the old executor. */
export async function useDriver(settings: DriverSettings): Promise<Driver> {
  return (await useExecutor(settings)).driver;
}

/** Closes the process's executor and its driver (shutdown); a later store call opens a new one. */
export async function closeDriver(): Promise<void> {
  await closeDefaultExecutor();
}
