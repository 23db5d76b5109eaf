-- A claim reads back the jobs it leased by their lease token: without this index that read
-- scans every job ever stored.
CREATE INDEX ix_sync_jobs_lease_token ON sync_jobs (lease_token);
