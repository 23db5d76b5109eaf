-- The outbox: one job per (step execution, destination), written with the step execution.
CREATE TABLE sync_jobs (
    id                nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT pk_sync_jobs PRIMARY KEY,
    step_execution_id nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL REFERENCES step_executions (id),
    destination       nvarchar(100) NOT NULL,
    rec_id            nvarchar(200) NOT NULL,
    status            nvarchar(20)  NOT NULL, -- pending | in_progress | delivered | dead_lettered
    attempts          int           NOT NULL DEFAULT 0,
    failures          int           NOT NULL DEFAULT 0, -- attempts that count towards Sync:MaxAttempts
    next_attempt_at   bigint        NOT NULL,           -- Unix ms
    lease_until       bigint        NULL,
    lease_token       nvarchar(36)  NULL,
    last_outcome      nvarchar(40)  NULL,
    last_error        nvarchar(max) NULL,
    crm_object_type   nvarchar(100) NULL,
    crm_object_id     nvarchar(400) NULL,
    created_at        bigint        NOT NULL,
    updated_at        bigint        NOT NULL,
    CONSTRAINT ux_sync_jobs_execution_destination UNIQUE (step_execution_id, destination)
);

CREATE INDEX ix_sync_jobs_due ON sync_jobs (destination, status, next_attempt_at);
CREATE INDEX ix_sync_jobs_rec_id ON sync_jobs (rec_id);
CREATE INDEX ix_sync_jobs_status ON sync_jobs (status, id);
CREATE INDEX ix_sync_jobs_lease_token ON sync_jobs (lease_token);

-- Every attempt, for "did lead X reach the CRM, and if not, why?".
CREATE TABLE sync_attempts (
    id           bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sync_attempts PRIMARY KEY,
    job_id       nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL REFERENCES sync_jobs (id),
    attempted_at bigint        NOT NULL,
    outcome      nvarchar(40)  NOT NULL,
    http_status  int           NULL,
    message      nvarchar(max) NULL,
    duration_ms  bigint        NOT NULL
);

CREATE INDEX ix_sync_attempts_job_id ON sync_attempts (job_id, id);

-- Which CRM record an Act-On contact became, per destination: later events update the same record.
CREATE TABLE crm_links (
    destination     nvarchar(100) NOT NULL,
    rec_id          nvarchar(200) NOT NULL,
    crm_object_type nvarchar(100) NOT NULL,
    crm_object_id   nvarchar(400) NOT NULL,
    first_synced_at bigint        NOT NULL,
    last_synced_at  bigint        NOT NULL,
    CONSTRAINT pk_crm_links PRIMARY KEY (destination, rec_id)
);

-- The built-in Local destination: leads and activities in ActOnSync's own database.
CREATE TABLE local_leads (
    id          nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT pk_local_leads PRIMARY KEY,
    destination nvarchar(100) NOT NULL,
    upsert_key  nvarchar(400) NOT NULL,
    properties  nvarchar(max) NOT NULL, -- JSON object: the mapped properties, merged on update
    created_at  bigint        NOT NULL,
    updated_at  bigint        NOT NULL,
    CONSTRAINT ux_local_leads_key UNIQUE (destination, upsert_key)
);

CREATE TABLE local_activities (
    id                nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT pk_local_activities PRIMARY KEY,
    destination       nvarchar(100) NOT NULL,
    lead_id           nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL REFERENCES local_leads (id),
    step_execution_id nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL,
    subject           nvarchar(max) NOT NULL,
    description       nvarchar(max) NOT NULL,
    occurred_at       bigint        NOT NULL,
    CONSTRAINT ux_local_activities_execution UNIQUE (destination, step_execution_id)
);

CREATE INDEX ix_local_activities_lead ON local_activities (lead_id);
