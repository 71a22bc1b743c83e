// Accent- and case-folded search (issue 14): "Societe Generale" finds "Société Générale", "muller"
// finds "Müller", "weiss" finds "Weiß", and the other way round. A second index over the same
// mention text, with Lucene's ASCII-folding analyzer: the index is filled from the text already in
// the graph, so existing graphs fold without a reload. mention_search (no stop words) stays: the
// folding analyzer drops English stop words, which are also surnames ("An", "To", "No").
// store/read/search.ts queries both, filtered by the mentioning extract as before (need-to-know).
// Neo4j allows one full-text index per schema (whatever the analyzer: a second one on [m.search]
// alone is silently skipped as "equivalent"), so this one also covers p_name, the extract's own
// name for the node, which m.search already holds: a name match then weighs a little more.
CREATE FULLTEXT INDEX mention_search_folded IF NOT EXISTS
FOR ()-[m:MENTIONS]-() ON EACH [m.search, m.p_name]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
