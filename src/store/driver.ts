/**
 * One driver per process. Created lazily from the configuration, closed on shutdown. Bolt to the
 * embedded server and to an external server or cluster (neo4j:// routing) alike.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { type Config, config } from '../config.ts';

let current: { driver: Driver; uri: string; database: string } | undefined;

export interface DriverSettings {
  uri: string;
  user: string;
  password: string;
  database: string;
}

function settingsFrom(cfg: Config): DriverSettings {
  return {
    uri: cfg.neo4j.uri,
    user: cfg.neo4j.user,
    password: cfg.neo4j.password,
    database: cfg.neo4j.database,
  };
}

/** The process's driver; `settings` only matters on first use (tests may point it elsewhere first). */
export function getDriver(settings: DriverSettings = settingsFrom(config())): Driver {
  if (current) return current.driver;
  // The embedded server runs without authentication on loopback and ignores the credentials.
  const auth = neo4j.auth.basic(settings.user, settings.password);
  const driver = neo4j.driver(settings.uri, auth, {
    // Fail fast when the database is down instead of queueing requests for a minute.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 5_000,
    maxConnectionPoolSize: 50,
    userAgent: 'skein',
    // Lossless integers are converted in convert.ts; logging is ours, not the driver's.
    disableLosslessIntegers: false,
  });
  current = { driver, uri: settings.uri, database: settings.database };
  return driver;
}

export function databaseName(): string {
  return current?.database ?? config().neo4j.database;
}

/** Points the process at another server (tests with their own instance); closes the old driver. */
export async function useDriver(settings: DriverSettings): Promise<Driver> {
  await closeDriver();
  return getDriver(settings);
}

export async function closeDriver(): Promise<void> {
  const old = current;
  current = undefined;
  if (old) await old.driver.close();
}
