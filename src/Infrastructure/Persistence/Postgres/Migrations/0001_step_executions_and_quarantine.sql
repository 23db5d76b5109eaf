-- One row per (contact, program step). Both unique constraints are the dedupe: a retry of the
-- same message and the same contact reaching the same step under a new message id.
-- Ids are time-ordered UUIDv7 text; COLLATE "C" compares them byte by byte, so "newest first"
-- and keyset paging follow time whatever the database's collation.
CREATE TABLE step_executions (
    id                     text COLLATE "C" NOT NULL PRIMARY KEY,
    message_id             text   NOT NULL,
    rec_id                 text   NOT NULL,
    step_id                text   NOT NULL,
    program_id             text   NULL,
    program_name           text   NULL,
    step_name              text   NULL,
    description            text   NULL,
    external_id            text   NULL,
    crm_link               text   NULL,
    automated_program_link text   NULL,
    contact_report_link    text   NULL,
    executed_at            bigint NULL,     -- Unix ms, UTC
    received_at            bigint NOT NULL, -- Unix ms, UTC
    contact_fields         text   NOT NULL, -- JSON object, keys and values verbatim
    raw_body               bytea  NOT NULL,
    CONSTRAINT ux_step_executions_message_id UNIQUE (message_id),
    CONSTRAINT ux_step_executions_rec_step UNIQUE (rec_id, step_id)
);

CREATE INDEX ix_step_executions_program_id ON step_executions (program_id, id);
CREATE INDEX ix_step_executions_received_at ON step_executions (received_at);

-- Authentic deliveries that could not be used: kept, never lost, listed by the query API.
CREATE TABLE quarantined_deliveries (
    id               text COLLATE "C" NOT NULL PRIMARY KEY,
    message_id       text    NULL,
    endpoint         text    NOT NULL,
    reason           text    NOT NULL,
    headers          text    NOT NULL, -- JSON object of the headers of interest
    raw_body         bytea   NOT NULL,
    deliveries       integer NOT NULL DEFAULT 1,
    received_at      bigint  NOT NULL,
    last_received_at bigint  NOT NULL,
    CONSTRAINT ux_quarantined_deliveries_message_id UNIQUE (message_id)
);
