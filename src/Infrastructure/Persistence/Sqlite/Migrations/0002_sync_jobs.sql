-- The outbox: one job per (step execution, destination), written with the step execution.
CREATE TABLE sync_jobs (
    id                TEXT    NOT NULL PRIMARY KEY,
    step_execution_id TEXT    NOT NULL REFERENCES step_executions (id),
    destination       TEXT    NOT NULL,
    rec_id            TEXT    NOT NULL,
    status            TEXT    NOT NULL, -- pending | in_progress | delivered | dead_lettered
    attempts          INTEGER NOT NULL DEFAULT 0,
    failures          INTEGER NOT NULL DEFAULT 0, -- attempts that count towards Sync:MaxAttempts
    next_attempt_at   INTEGER NOT NULL,           -- Unix ms
    lease_until       INTEGER NULL,
    lease_token       TEXT    NULL,
    last_outcome      TEXT    NULL,
    last_error        TEXT    NULL,
    crm_object_type   TEXT    NULL,
    crm_object_id     TEXT    NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CONSTRAINT ux_sync_jobs_execution_destination UNIQUE (step_execution_id, destination)
);

CREATE INDEX ix_sync_jobs_due ON sync_jobs (destination, status, next_attempt_at);
CREATE INDEX ix_sync_jobs_rec_id ON sync_jobs (rec_id);
CREATE INDEX ix_sync_jobs_status ON sync_jobs (status, id);

-- Every attempt, for "did lead X reach the CRM, and if not, why?".
CREATE TABLE sync_attempts (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    job_id       TEXT    NOT NULL REFERENCES sync_jobs (id),
    attempted_at INTEGER NOT NULL,
    outcome      TEXT    NOT NULL,
    http_status  INTEGER NULL,
    message      TEXT    NULL,
    duration_ms  INTEGER NOT NULL
);

CREATE INDEX ix_sync_attempts_job_id ON sync_attempts (job_id, id);

-- Which CRM record an Act-On contact became, per destination: later events update the same record.
CREATE TABLE crm_links (
    destination     TEXT    NOT NULL,
    rec_id          TEXT    NOT NULL,
    crm_object_type TEXT    NOT NULL,
    crm_object_id   TEXT    NOT NULL,
    first_synced_at INTEGER NOT NULL,
    last_synced_at  INTEGER NOT NULL,
    PRIMARY KEY (destination, rec_id)
);

-- The built-in Local destination: leads and activities in ActOnSync's own database.
CREATE TABLE local_leads (
    id          TEXT    NOT NULL PRIMARY KEY,
    destination TEXT    NOT NULL,
    upsert_key  TEXT    NOT NULL,
    properties  TEXT    NOT NULL, -- JSON object: the mapped properties, merged on update
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CONSTRAINT ux_local_leads_key UNIQUE (destination, upsert_key)
);

CREATE TABLE local_activities (
    id                TEXT    NOT NULL PRIMARY KEY,
    destination       TEXT    NOT NULL,
    lead_id           TEXT    NOT NULL REFERENCES local_leads (id),
    step_execution_id TEXT    NOT NULL,
    subject           TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    occurred_at       INTEGER NOT NULL,
    CONSTRAINT ux_local_activities_execution UNIQUE (destination, step_execution_id)
);

CREATE INDEX ix_local_activities_lead ON local_activities (lead_id);
