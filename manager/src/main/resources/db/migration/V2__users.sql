-- Users of the API. roles is a comma-separated list of role API names, sorted (e.g. "auditor,partner").
CREATE TABLE users (
    username      VARCHAR(255) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(1024) NOT NULL,
    roles         VARCHAR(255) NOT NULL,
    vendor_id     VARCHAR(255) NOT NULL,
    failed_logins INT NOT NULL,
    locked_until  BIGINT NOT NULL,
    create_time   BIGINT NOT NULL,
    revision      BIGINT NOT NULL
);

-- API tokens; only the SHA-256 (hex) of the secret is kept. Deleting a user deletes its tokens.
CREATE TABLE api_tokens (
    id          VARCHAR(255) NOT NULL PRIMARY KEY,
    username    VARCHAR(255) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    secret_hash VARCHAR(128) NOT NULL UNIQUE,
    create_time BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens (username);
