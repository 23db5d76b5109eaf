-- Act-On's recIds arrive in no order, so this index took every new job on a page of its own.
-- Jobs of a contact are found through ux_step_executions_rec_step.
DROP INDEX ix_sync_jobs_rec_id;
