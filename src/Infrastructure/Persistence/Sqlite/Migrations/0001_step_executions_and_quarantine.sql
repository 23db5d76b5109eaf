-- One row per (contact, program step). Both unique constraints are the dedupe: a retry of the
-- same message and the same contact reaching the same step under a new message id.
CREATE TABLE step_executions (
    id                     TEXT    NOT NULL PRIMARY KEY,
    message_id             TEXT    NOT NULL,
    rec_id                 TEXT    NOT NULL,
    step_id                TEXT    NOT NULL,
    program_id             TEXT    NULL,
    program_name           TEXT    NULL,
    step_name              TEXT    NULL,
    description            TEXT    NULL,
    external_id            TEXT    NULL,
    crm_link               TEXT    NULL,
    automated_program_link TEXT    NULL,
    contact_report_link    TEXT    NULL,
    executed_at            INTEGER NULL,     -- Unix ms, UTC
    received_at            INTEGER NOT NULL, -- Unix ms, UTC
    contact_fields         TEXT    NOT NULL, -- JSON object, keys and values verbatim
    raw_body               BLOB    NOT NULL,
    CONSTRAINT ux_step_executions_message_id UNIQUE (message_id),
    CONSTRAINT ux_step_executions_rec_step UNIQUE (rec_id, step_id)
);

CREATE INDEX ix_step_executions_program_id ON step_executions (program_id, id);
CREATE INDEX ix_step_executions_received_at ON step_executions (received_at);

-- Authentic deliveries that could not be used: kept, never lost, listed by the query API.
CREATE TABLE quarantined_deliveries (
    id               TEXT    NOT NULL PRIMARY KEY,
    message_id       TEXT    NULL,
    endpoint         TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    headers          TEXT    NOT NULL, -- JSON object of the headers of interest
    raw_body         BLOB    NOT NULL,
    deliveries       INTEGER NOT NULL DEFAULT 1,
    received_at      INTEGER NOT NULL,
    last_received_at INTEGER NOT NULL,
    CONSTRAINT ux_quarantined_deliveries_message_id UNIQUE (message_id)
);
