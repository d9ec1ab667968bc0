-- Where each host's Context MUX listens for SVMs, as its host agent last reported it (HostHello).
-- Kept so that SVMs deployed while a host agent is away, or after a manager restart, still learn it.
CREATE TABLE host_mux_endpoints (
    host_id          VARCHAR(255) NOT NULL PRIMARY KEY,
    partner_endpoint VARCHAR(1024) NOT NULL,
    update_time      BIGINT NOT NULL
);
