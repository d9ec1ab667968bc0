-- Windows guests: the registry key (and value) a detection is about (Detection.registry_key).
ALTER TABLE security_events ADD COLUMN registry_key VARCHAR(4000) NOT NULL DEFAULT '';
