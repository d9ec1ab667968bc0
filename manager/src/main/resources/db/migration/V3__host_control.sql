-- One-time join tokens by which a host agent enrols (control channel). Only the SHA-256 (hex) of the
-- secret is kept; a token is deleted when it is used. Expired rows are deleted when a new token is made.
CREATE TABLE host_join_tokens (
    token_hash  VARCHAR(128) NOT NULL PRIMARY KEY,
    host_id     VARCHAR(255) NOT NULL,
    create_time BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX host_join_tokens_by_host ON host_join_tokens (host_id);

-- Detections that partner SVMs report through their host agent (read-only in the API); id is the SVM's,
-- unique per service, so a report sent twice is stored once.
CREATE TABLE security_events (
    id            VARCHAR(255) NOT NULL,
    service_id    VARCHAR(255) NOT NULL,
    deployment_id VARCHAR(255) NOT NULL,
    host_id       VARCHAR(255) NOT NULL,
    vm_id         VARCHAR(255) NOT NULL,
    severity      VARCHAR(64) NOT NULL,
    threat_name   VARCHAR(1024) NOT NULL,
    description   VARCHAR(4096) NOT NULL,
    file_path     VARCHAR(4096) NOT NULL,
    pid           BIGINT NOT NULL,
    action_taken  VARCHAR(255) NOT NULL,
    event_time    BIGINT NOT NULL,
    receive_time  BIGINT NOT NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX security_events_by_time ON security_events (receive_time);
