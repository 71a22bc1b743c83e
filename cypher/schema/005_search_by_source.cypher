// Need-to-know in search: a viewer finds a node only by what an extract they may see recorded.
// Each extract's MENTIONS of a node keeps that extract's name, spellings and search forms in
// `search` (written by the loader), and search reads this relationship index, filtered by the
// mentioning extract. Identifiers (the natural key in `id`) are not any one extract's: anyone who
// may see the node may find it by them, through their own index.
CREATE FULLTEXT INDEX mention_search IF NOT EXISTS
FOR ()-[m:MENTIONS]-() ON EACH [m.search]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };
CREATE FULLTEXT INDEX entity_ids IF NOT EXISTS
FOR (n:Person|Organisation|Account|Phone|Email|Address|IdentityDocument|Location|BenefitClaim|Case)
ON EACH [n.id]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };
// The node index held every spelling of every extract: it answered searches with other
// jurisdictions' spellings.
DROP INDEX entity_search_v2 IF EXISTS;
