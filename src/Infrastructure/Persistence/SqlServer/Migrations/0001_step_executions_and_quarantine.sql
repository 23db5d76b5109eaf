-- One row per (contact, program step). Both unique constraints are the dedupe: a retry of the
-- same message and the same contact reaching the same step under a new message id.
-- Ids are time-ordered UUIDv7 text in a binary collation: compared character by character, so
-- "newest first" and keyset paging follow time (a Windows collation would skip the hyphens'
-- weight and uniqueidentifier sorts its last bytes first). Sequential ids also keep the
-- clustered index appending.
-- Text columns are nvarchar: Dapper sends .NET strings as nvarchar, and an nvarchar parameter
-- against a varchar column would turn every index seek into a scan.
CREATE TABLE step_executions (
    id                     nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT pk_step_executions PRIMARY KEY,
    message_id             nvarchar(200) NOT NULL,
    rec_id                 nvarchar(200) NOT NULL,
    step_id                nvarchar(200) NOT NULL,
    program_id             nvarchar(200) NULL,
    program_name           nvarchar(max) NULL,
    step_name              nvarchar(max) NULL,
    description            nvarchar(max) NULL,
    external_id            nvarchar(max) NULL,
    crm_link               nvarchar(max) NULL,
    automated_program_link nvarchar(max) NULL,
    contact_report_link    nvarchar(max) NULL,
    executed_at            bigint        NULL,     -- Unix ms, UTC
    received_at            bigint        NOT NULL, -- Unix ms, UTC
    contact_fields         nvarchar(max) NOT NULL, -- JSON object, keys and values verbatim
    raw_body               varbinary(max) NOT NULL,
    CONSTRAINT ux_step_executions_message_id UNIQUE (message_id),
    CONSTRAINT ux_step_executions_rec_step UNIQUE (rec_id, step_id)
);

CREATE INDEX ix_step_executions_program_id ON step_executions (program_id, id);
CREATE INDEX ix_step_executions_received_at ON step_executions (received_at);

-- Authentic deliveries that could not be used: kept, never lost, listed by the query API.
CREATE TABLE quarantined_deliveries (
    id               nvarchar(36)  COLLATE Latin1_General_BIN2 NOT NULL CONSTRAINT pk_quarantined_deliveries PRIMARY KEY,
    message_id       nvarchar(200) NULL,
    endpoint         nvarchar(400) NOT NULL,
    reason           nvarchar(max) NOT NULL,
    headers          nvarchar(max) NOT NULL, -- JSON object of the headers of interest
    raw_body         varbinary(max) NOT NULL,
    deliveries       int           NOT NULL DEFAULT 1,
    received_at      bigint        NOT NULL,
    last_received_at bigint        NOT NULL
);

-- Filtered: a UNIQUE constraint would allow only one delivery without a message id.
CREATE UNIQUE INDEX ux_quarantined_deliveries_message_id ON quarantined_deliveries (message_id) WHERE message_id IS NOT NULL;
