-- The outbox: one job per (step execution, destination), written with the step execution.
CREATE TABLE sync_jobs (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    step_execution_id text COLLATE "C" NOT NULL REFERENCES step_executions (id),
    destination       text    NOT NULL,
    rec_id            text    NOT NULL,
    status            text    NOT NULL, -- pending | in_progress | delivered | dead_lettered
    attempts          integer NOT NULL DEFAULT 0,
    failures          integer NOT NULL DEFAULT 0, -- attempts that count towards Sync:MaxAttempts
    next_attempt_at   bigint  NOT NULL,           -- Unix ms
    lease_until       bigint  NULL,
    lease_token       text    NULL,
    last_outcome      text    NULL,
    last_error        text    NULL,
    crm_object_type   text    NULL,
    crm_object_id     text    NULL,
    created_at        bigint  NOT NULL,
    updated_at        bigint  NOT NULL,
    CONSTRAINT ux_sync_jobs_execution_destination UNIQUE (step_execution_id, destination)
);

CREATE INDEX ix_sync_jobs_due ON sync_jobs (destination, status, next_attempt_at);
CREATE INDEX ix_sync_jobs_rec_id ON sync_jobs (rec_id);
CREATE INDEX ix_sync_jobs_status ON sync_jobs (status, id);
CREATE INDEX ix_sync_jobs_lease_token ON sync_jobs (lease_token);

-- Every attempt, for "did lead X reach the CRM, and if not, why?".
CREATE TABLE sync_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id       text COLLATE "C" NOT NULL REFERENCES sync_jobs (id),
    attempted_at bigint  NOT NULL,
    outcome      text    NOT NULL,
    http_status  integer NULL,
    message      text    NULL,
    duration_ms  bigint  NOT NULL
);

CREATE INDEX ix_sync_attempts_job_id ON sync_attempts (job_id, id);

-- Which CRM record an Act-On contact became, per destination: later events update the same record.
CREATE TABLE crm_links (
    destination     text   NOT NULL,
    rec_id          text   NOT NULL,
    crm_object_type text   NOT NULL,
    crm_object_id   text   NOT NULL,
    first_synced_at bigint NOT NULL,
    last_synced_at  bigint NOT NULL,
    PRIMARY KEY (destination, rec_id)
);

-- The built-in Local destination: leads and activities in ActOnSync's own database.
CREATE TABLE local_leads (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    destination text   NOT NULL,
    upsert_key  text   NOT NULL,
    properties  text   NOT NULL, -- JSON object: the mapped properties, merged on update
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL,
    CONSTRAINT ux_local_leads_key UNIQUE (destination, upsert_key)
);

CREATE TABLE local_activities (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    destination       text   NOT NULL,
    lead_id           text COLLATE "C" NOT NULL REFERENCES local_leads (id),
    step_execution_id text   NOT NULL,
    subject           text   NOT NULL,
    description       text   NOT NULL,
    occurred_at       bigint NOT NULL,
    CONSTRAINT ux_local_activities_execution UNIQUE (destination, step_execution_id)
);

CREATE INDEX ix_local_activities_lead ON local_activities (lead_id);
