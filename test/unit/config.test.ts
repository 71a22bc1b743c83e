import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('parseConfig', () => {
  it('defaults to the embedded Neo4j on loopback in development', () => {
    const cfg = parseConfig({});
    expect(cfg.env).toBe('development');
    expect(cfg.neo4j.embedded).toBe(true);
    expect(cfg.neo4j.uri).toBe('bolt://127.0.0.1:7687');
    expect(cfg.graphiql).toBe(true);
    expect(cfg.embedded.dataDir).toMatch(/\.skein\/neo4j$/);
  });

  it('uses an external server when NEO4J_URI is set, including neo4j:// routing URIs', () => {
    const cfg = parseConfig({
      NEO4J_URI: 'neo4j+s://cluster.example:7687',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'thb',
    });
    expect(cfg.neo4j).toMatchObject({
      embedded: false,
      uri: 'neo4j+s://cluster.example:7687',
      password: 's3cret',
      database: 'thb',
    });
  });

  it('shares scopes between requests for 500 ms, except in tests unless asked', () => {
    expect(parseConfig({}).neo4j.scopeCacheMs).toBe(500);
    expect(parseConfig({ SKEIN_ENV: 'test' }).neo4j.scopeCacheMs).toBe(0);
    expect(parseConfig({ SKEIN_ENV: 'test', SKEIN_SCOPE_CACHE_MS: '250' }).neo4j.scopeCacheMs).toBe(250);
    expect(() => parseConfig({ SKEIN_SCOPE_CACHE_MS: '60000' })).toThrow(ConfigError);
  });

  it('follows SKEIN_NEO4J_PORT for the embedded server', () => {
    expect(parseConfig({ SKEIN_NEO4J_PORT: '7799' }).neo4j.uri).toBe('bolt://127.0.0.1:7799');
  });

  it('turns GraphiQL off in production unless asked for', () => {
    const secret = { SKEIN_JWT_SECRET: 'x'.repeat(32) };
    expect(parseConfig({ SKEIN_ENV: 'production', ...secret }).graphiql).toBe(false);
    expect(parseConfig({ SKEIN_ENV: 'production', SKEIN_GRAPHIQL: 'true', ...secret }).graphiql).toBe(true);
  });

  it('uses development authentication by default and requires JWT keys in production', () => {
    expect(parseConfig({}).auth.mode).toBe('dev');
    expect(() => parseConfig({ SKEIN_ENV: 'production' })).toThrow(/SKEIN_AUTH: jwt needs a key/);
    expect(() => parseConfig({ SKEIN_ENV: 'production', SKEIN_AUTH: 'dev' })).toThrow(
      /production needs SKEIN_AUTH=jwt/,
    );
    expect(() => parseConfig({ SKEIN_JWT_SECRET: 'short' })).toThrow(
      /SKEIN_JWT_SECRET: at least 32 characters/,
    );
    expect(parseConfig({ SKEIN_AUTH: 'jwt', SKEIN_JWKS_URL: 'https://idp.example/jwks.json' }).auth).toEqual({
      mode: 'jwt',
      jwksUrl: 'https://idp.example/jwks.json',
      maxLifetimeSeconds: 43_200,
    });
    expect(parseConfig({ SKEIN_JWT_MAX_LIFETIME_SECONDS: '3600' }).auth.maxLifetimeSeconds).toBe(3_600);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', NEO4J_URI: '' }).port).toBe(4000);
  });

  it('names every bad variable and what it got', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        NEO4J_URI: 'http://localhost:7474',
        SKEIN_NEO4J_HEAP: 'lots',
        SKEIN_NEO4J_HOST: '0.0.0.0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('(got "eighty")');
    expect(message).toContain('NEO4J_URI: a bolt:// or neo4j:// URI');
    expect(message).toContain('SKEIN_NEO4J_HEAP');
    expect(message).toContain('SKEIN_NEO4J_HOST');
    expect((error as ConfigError).issues).toHaveLength(4);
  });

  it('rejects an out-of-range port and a tiny transaction timeout', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseConfig({ SKEIN_TX_TIMEOUT_MS: '5' })).toThrow(/SKEIN_TX_TIMEOUT_MS/);
  });
});
