CREATE TABLE greeting (
    id      BIGINT PRIMARY KEY,
    message TEXT   NOT NULL
);

INSERT INTO greeting (id, message) VALUES (1, 'hello from flyway');
