-- Which cluster each person is in, as of the site's latest clustering (clusterings.result holds the
-- groups). visitor_id is the person key of store/subject.ts: a visitor id or `customer:<id>`.
CREATE TABLE cluster_membership (
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  cluster_id TEXT NOT NULL,
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (site, visitor_id)
) WITHOUT ROWID;
CREATE INDEX cluster_membership_cluster ON cluster_membership(site, cluster_id);
