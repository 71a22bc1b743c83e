/**
 * The analysis result as the worker hands it over (issue 16): its networks serialised one by one
 * (V8's structured-clone format, node:v8) into a few large buffers that are transferred, not
 * copied, to the main thread, which decodes one network at a time while it makes the store's rows
 * (jobs/run-rows.ts). Posting the result as an object cloned it whole into the main thread's heap
 * (0.4–0.5 GB on the 2.95M-relationship world) while the worker still held its own: the run's peak.
 * The rest of the result (matches, parents, counts...) is small and is posted as it is.
 */
import { deserialize, serialize } from 'node:v8';
import type { AnalysisResult, DetectedNetwork } from '../analyse/pipeline.ts';

export const PACKED_RESULT_DEFAULTS = {
  /**
   * Bytes per buffer: networks are copied into buffers of this size as they are serialised, so the
   * worker never holds the serialised networks twice (a list of pieces, then their concatenation).
   */
  slabBytes: 32 * 1_048_576,
};

/** A list of networks read by index: an array, or packed networks decoded on each read. */
export interface NetworkList {
  readonly length: number;
  at(index: number): DetectedNetwork | undefined;
}

/** Networks serialised back to back (one never spans two slabs), in their order. */
export interface PackedNetworks {
  slabs: ArrayBuffer[];
  /** Per network: its slab, its first byte and its length. */
  slabOf: Uint32Array;
  offset: Uint32Array;
  length: Uint32Array;
}

/** What the worker posts: the networks packed, everything else as it is. */
export interface PackedResult extends PackedNetworks {
  rest: Omit<AnalysisResult, 'networks'>;
}

/**
 * The fields of a network ranking and links set once every network is found: what the worker
 * sends of each network at the end when the networks were sent as they were found.
 */
export type LateNetwork = Pick<
  DetectedNetwork,
  'id' | 'rank' | 'unit' | 'unitRank' | 'unitRisk' | 'linkedNetworks'
>;

export function lateNetwork(n: DetectedNetwork): LateNetwork {
  return {
    id: n.id,
    rank: n.rank,
    unit: n.unit,
    unitRank: n.unitRank,
    unitRisk: n.unitRisk,
    linkedNetworks: n.linkedNetworks,
  };
}

/**
 * Packs the result's networks, letting go of each (its slot emptied) once serialised, so the
 * worker's heap can shrink while the buffers grow. Returns the message and its transfer list.
 */
export function packResult(
  result: AnalysisResult,
  options: Partial<typeof PACKED_RESULT_DEFAULTS> = {},
): { packed: PackedResult; transfer: ArrayBuffer[] } {
  const { networks, ...rest } = result;
  const { packed, transfer } = packNetworks(networks, options);
  return { packed: { rest, ...packed }, transfer };
}

/** Packs networks (each slot emptied once serialised, the array left empty) into transferable slabs. */
export function packNetworks(
  networks: Array<DetectedNetwork | undefined>,
  options: Partial<typeof PACKED_RESULT_DEFAULTS> = {},
): { packed: PackedNetworks; transfer: ArrayBuffer[] } {
  const slabBytes = options.slabBytes ?? PACKED_RESULT_DEFAULTS.slabBytes;
  const count = networks.length;
  const slabOf = new Uint32Array(count);
  const offset = new Uint32Array(count);
  const length = new Uint32Array(count);
  const slabs: ArrayBuffer[] = [];
  let slab: Uint8Array<ArrayBuffer> | undefined;
  let used = 0;
  const all = networks;
  for (let i = 0; i < count; i++) {
    const bytes = serialize(all[i]);
    all[i] = undefined;
    if (!slab || used + bytes.length > slab.length) {
      // Close the current slab at its used length (a copy of that part only) and open one that fits.
      if (slab) slabs[slabs.length - 1] = slab.buffer.slice(0, used);
      slab = new Uint8Array(new ArrayBuffer(Math.max(slabBytes, bytes.length)));
      slabs.push(slab.buffer);
      used = 0;
    }
    slab.set(bytes, used);
    slabOf[i] = slabs.length - 1;
    offset[i] = used;
    length[i] = bytes.length;
    used += bytes.length;
  }
  if (slab) slabs[slabs.length - 1] = slab.buffer.slice(0, used);
  networks.length = 0;
  return {
    packed: { slabs, slabOf, offset, length },
    transfer: [...slabs, slabOf.buffer, offset.buffer, length.buffer],
  };
}

/** The packed networks as a list: each read decodes a fresh copy (the caller keeps what it needs). */
export function packedNetworks(packed: PackedNetworks): NetworkList {
  const views = packed.slabs.map((buffer) => Buffer.from(buffer));
  return {
    length: packed.length.length,
    at(index: number): DetectedNetwork | undefined {
      if (index < 0 || index >= packed.length.length) return undefined;
      const view = views[packed.slabOf[index]!]!;
      const from = packed.offset[index]!;
      return deserialize(view.subarray(from, from + packed.length[index]!)) as DetectedNetwork;
    },
  };
}
