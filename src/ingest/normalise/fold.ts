/** Folding is shared by ingest (match keys), the store (folded search) and analysis: it lives in model/. */
export { foldText } from '../../model/fold.ts';
