/** Folding is shared by ingest (match keys) and analysis (entity resolution): it lives in model/. */
export { foldText } from '../../model/fold.ts';
